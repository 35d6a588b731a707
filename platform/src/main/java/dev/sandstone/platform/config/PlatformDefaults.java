package dev.sandstone.platform.config;

import java.io.IOException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code sandstone-defaults.properties} as the lowest-precedence property source, so every Sandstone
 * application (command side, query side, single process) starts from the same safe defaults and any
 * application file, environment variable or argument overrides them.
 */
public class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

    private static final String UPDATE_CHECKER = "axoniq.update-checker.disabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        disableUpdateCheckerUnlessConsented();
        try {
            new PropertiesPropertySourceLoader()
                    .load("sandstone-defaults", new ClassPathResource("sandstone-defaults.properties"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read sandstone-defaults.properties", e);
        }
    }

    /**
     * Axon 4.13's update checker sends usage data to its vendor unless switched off. Nothing leaves the machine
     * without the operator's consent: it stays off unless the operator set the property or variable to false.
     */
    static void disableUpdateCheckerUnlessConsented() {
        if (System.getProperty(UPDATE_CHECKER) == null && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty(UPDATE_CHECKER, "true");
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
