package dev.sandstone.local.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** Runs axe-core (the web module's npm dependency) in the page and returns its serious and critical violations. */
final class Axe {

    private static String source;

    private Axe() {
    }

    static synchronized String source() {
        if (source == null) {
            Path file = Path.of(System.getProperty("sandstone.test.axe", "../web/node_modules/axe-core/axe.min.js"));
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("axe-core is missing at " + file.toAbsolutePath()
                        + ": build the web module first (its npm ci installs it)");
            }
            try {
                source = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return source;
    }

    /** "id (impact): targets" for each serious or critical violation; empty when there is none. */
    static String seriousViolations(WebDriver driver) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(source());
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then((r) => done(r.violations
                      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                      .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).join(', '))
                      .join('\\n')))
                  .catch((e) => done('axe failed: ' + e));
                """);
        return String.valueOf(result);
    }
}
