package dev.sandstone.local.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for browser tests: Debian's {@code chromium} and {@code chromium-driver}. When they are
 * missing and we run as root with apt-get, they are installed; otherwise the test fails naming the packages. It
 * never skips: a browser test that did not run must not look like one that passed. Another Chromium-based browser and
 * its driver may be named with {@code SANDSTONE_TEST_CHROMIUM} and {@code SANDSTONE_TEST_CHROMEDRIVER} (a hosted CI
 * image that ships Chrome instead of Debian's packages).
 */
final class Chromium {

    static final Path BROWSER = Path.of(env("SANDSTONE_TEST_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(env("SANDSTONE_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** Makes sure the browser and its driver are installed. */
    static synchronized void ensureInstalled() {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean apt = Files.isExecutable(Path.of("/usr/bin/apt-get"));
        if (!root || !apt) {
            throw new IllegalStateException("The browser tests need Debian's packages chromium and chromium-driver ("
                    + BROWSER + ", " + DRIVER + "): install them with apt-get install chromium chromium-driver");
        }
        run(List.of("apt-get", "update"));
        run(List.of("apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver"));
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("apt-get installed chromium and chromium-driver, yet " + BROWSER + " or "
                    + DRIVER + " is missing");
        }
    }

    /** A new headless browser with a profile of its own (deleted by {@link #quit}). */
    static ChromeDriver start() {
        ensureInstalled();
        try {
            Path profile = Files.createTempDirectory("sandstone-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BROWSER.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            PROFILES.put(driver, profile);
            return driver;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create a browser profile directory", e);
        }
    }

    private static final java.util.Map<ChromeDriver, Path> PROFILES = new java.util.concurrent.ConcurrentHashMap<>();

    static void quit(ChromeDriver driver) {
        if (driver == null) {
            return;
        }
        driver.quit();
        Path profile = PROFILES.remove(driver);
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory: the OS cleans up what is left
            }
        }
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: install the Debian packages "
                        + "chromium and chromium-driver");
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
