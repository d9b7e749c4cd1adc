package io.driftless.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by Debian's chromedriver, for the UI tests.
 *
 * <p>
 * Both are given by path so Selenium Manager never tries to download a browser or a driver (there is no
 * network to download them from). Where they are missing the tests are skipped, except under CI=true, where
 * they fail: CI installs the browser, so a missing one there is a broken build, not a reason to test less.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Longest a page may take to show what a test waits for; pages update from the event stream within a second, or every 2 s while a build log runs. */
    static final Duration PATIENCE = Duration.ofSeconds(20);

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private Browser(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    /** Starts a browser, or skips (fails under CI=true) the calling tests when none is installed. */
    static Browser start() {
        requireInstalled(CHROMIUM, "apt-get install -y chromium");
        requireInstalled(CHROMEDRIVER, "apt-get install -y chromium-driver");

        Path profile;
        try {
            profile = Files.createTempDirectory("driftless-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900", "--user-data-dir=" + profile);
        // An unexpected alert must stay open so a test can see it, not be dismissed behind its back.
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(PATIENCE);
            return new Browser(driver, service, profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteQuietly(profile);
            throw e;
        }
    }

    private static void requireInstalled(Path executable, String install) {
        if (Files.isExecutable(executable)) {
            return;
        }
        String message = executable + " is missing, so the browser tests cannot run (" + install + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + "; CI must install it");
        }
        Assumptions.abort(message + "; skipped outside CI");
    }

    /**
     * From now on, every page counts its htmx swaps in {@code window.__swapsSinceStart} from before its own
     * scripts run: a test that waits for a page's first swap cannot miss one that happened before the test
     * looked (a count installed after the load event did, once: the page's catch-up swap came first).
     */
    void countSwapsFromTheStart() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.__swapsSinceStart = 0;
                document.addEventListener('htmx:afterSwap', () => window.__swapsSinceStart++);
                """));
    }

    /**
     * Emulates the system's colour scheme ({@code light} or {@code dark}) for {@code prefers-color-scheme},
     * for this page and the ones opened after it.
     */
    void colourScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /**
     * Makes the page's viewport exactly this wide and high, as on a phone or a desktop. A window's size would
     * not do: the window's frame takes its share, and a window has a minimum width.
     */
    void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** Saves what the viewport shows as a PNG at this path, and returns the path. */
    String saveScreenshot(Path path) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.write(path, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path.toString();
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(100));
    }

    Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /**
     * Saves what the page shows to {@code <tmpdir>/ui-<name>.png} when DRIFTLESS_SCREENSHOTS is set (as an
     * environment variable or a system property), for a person to look at; CI leaves it unset.
     */
    void screenshot(String name) {
        String wanted = System.getProperty("DRIFTLESS_SCREENSHOTS", System.getenv("DRIFTLESS_SCREENSHOTS"));
        if (wanted == null || wanted.isBlank() || "false".equalsIgnoreCase(wanted)) {
            return;
        }
        File shot = driver.getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), Path.of(System.getProperty("java.io.tmpdir"), "ui-" + name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            shot.delete();
        }
    }

    /** Marks the page, acts, and waits for the next page: a form's answer or a redirect after it. */
    void submitAndAwaitNewPage(Runnable act) {
        script("window.__old = 1");
        act.run();
        waiting().withMessage("the next page").until(d -> Boolean.TRUE.equals(
                script("return window.__old === undefined && document.readyState === 'complete'")));
    }

    /** The text of the first element the selector finds, trimmed, runs of white space as one; null when none. */
    String text(String selector) {
        return (String) script(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim().replace(/\\s+/g, ' ') : null",
                selector);
    }

    /** Types the user and password into the open login page and sends the form; the caller waits for its answer. */
    void submitLogin(String user, String password) {
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover profile in the temp directory harms nothing
        }
    }
}
