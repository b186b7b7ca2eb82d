package org.groupalliance.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium (Debian's chromium and chromedriver) driving the app like a person:
 * Vaadin fields are filled through their slotted native inputs. Fails, never skips, when the
 * browser is missing.
 */
final class BrowserSupport implements AutoCloseable {

    static final String CHROMIUM = System.getenv().getOrDefault("GA_CHROMIUM", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getenv().getOrDefault("GA_CHROMEDRIVER", "/usr/bin/chromedriver");

    final WebDriver driver;
    final WebDriverWait wait;
    private final String baseUrl;
    private final Path screenshots;

    BrowserSupport(String baseUrl, Path userDataDir, Path screenshots, int width, int height) {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "); .ci/run installs them. They are never skipped.");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + userDataDir.toAbsolutePath(), "--window-size=" + width + "," + height, "--lang=en-US");
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        // This sandbox has only a loopback interface, so Chromium reports navigator.onLine = false and
        // Vaadin would show its offline page. A real user's browser is online; report that.
        chrome.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                java.util.Map.of("source", "Object.defineProperty(Navigator.prototype, 'onLine', {get: () => true});"));
        this.driver = chrome;
        this.driver.manage().window().setSize(new Dimension(width, height));
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        this.baseUrl = baseUrl;
        this.screenshots = screenshots;
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    /**
     * Waits until the element is shown, scrolling it into view first: the app's content scrolls
     * inside its layout, and Chromium reports an element scrolled out of that area as not displayed.
     */
    WebElement waitFor(String css) {
        return until(d -> shown(d, css, false));
    }

    private static WebElement shown(WebDriver d, String css, boolean mustBeEnabled) {
        try {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            if (found.isEmpty()) {
                return null;
            }
            WebElement e = found.get(0);
            ((org.openqa.selenium.JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
            return e.isDisplayed() && (!mustBeEnabled || e.isEnabled()) ? e : null;
        } catch (org.openqa.selenium.StaleElementReferenceException stale) {
            return null;
        }
    }

    /** Waits, and on a time-out leaves a screenshot and the page source in target/screenshots. */
    <T> T until(java.util.function.Function<WebDriver, T> condition) {
        try {
            return wait.until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("failure");
            try {
                Files.writeString(screenshots.resolve("failure.html"), driver.getPageSource());
                Files.write(screenshots.resolve("failure-console.log"), driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                        .getAll().stream().map(Object::toString).toList());
            } catch (IOException io) {
                e.addSuppressed(io);
            }
            throw e;
        }
    }

    void waitGone(String css) {
        until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    void waitForText(String text) {
        until(d -> d.getPageSource().contains(text));
    }

    /** Clicks the element, finding it again if the page re-rendered it between finding and clicking. */
    void click(String css) {
        until(d -> {
            WebElement e = shown(d, css, true);
            if (e == null) {
                return null;
            }
            try {
                e.click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException stale) {
                return null;
            }
        });
    }

    /** Types into a Vaadin text-like field identified by its id. */
    void type(String fieldId, String text) {
        WebElement input = waitFor("#" + fieldId + " input, #" + fieldId + " textarea");
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
        input.sendKeys(Keys.TAB);
    }

    void login(String username, String password) {
        open("/login");
        WebElement user = waitFor("vaadin-login-form input[name='username']");
        user.sendKeys(username);
        WebElement pw = driver.findElement(By.cssSelector("vaadin-login-form input[name='password']"));
        pw.sendKeys(password);
        pw.sendKeys(Keys.ENTER);
        waitFor("#current-user");
    }

    void logout() {
        click("#logout");
        waitFor("vaadin-login-form input[name='username']");
    }

    void clickTab(String label) {
        until(d -> d.findElements(By.cssSelector("vaadin-tab")).stream().filter(t -> t.getText().trim().equals(label)).findFirst()
                .map(t -> {
                    t.click();
                    return true;
                }).orElse(false));
    }

    /** Selects items of a multi-select combo box by typing each and clicking its suggestion. */
    void selectInMultiCombo(String fieldId, List<String> items) {
        for (String item : items) {
            WebElement input = waitFor("#" + fieldId + " input");
            input.click();
            input.sendKeys(item);
            until(d -> d.findElements(By.cssSelector("vaadin-multi-select-combo-box-item")).stream()
                    .filter(e -> e.isDisplayed() && e.getText().contains(item)).findFirst().map(e -> {
                        e.click();
                        return true;
                    }).orElse(false));
            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        }
        waitFor("#" + fieldId + " input").sendKeys(Keys.ESCAPE);
    }

    /** Texts of all rendered cells of a grid (Vaadin renders them as light-DOM cell contents). */
    List<String> gridTexts(String gridId) {
        return driver.findElements(By.cssSelector("#" + gridId + " vaadin-grid-cell-content")).stream().map(WebElement::getText).toList();
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, screenshots.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
