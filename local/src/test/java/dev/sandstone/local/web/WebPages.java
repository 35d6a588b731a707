package dev.sandstone.local.web;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What a person does in the web app, by its stable data-testid hooks. */
final class WebPages {

    static final Duration WAIT = Duration.ofSeconds(15);

    private final WebDriver driver;
    private final String baseUrl;

    WebPages(WebDriver driver, String baseUrl) {
        this.driver = driver;
        this.baseUrl = baseUrl;
    }

    WebDriver driver() {
        return driver;
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).pollingEvery(Duration.ofMillis(50))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    WebElement find(String id) {
        return await(d -> {
            List<WebElement> found = d.findElements(testId(id));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    boolean present(String id) {
        return !driver.findElements(testId(id)).isEmpty();
    }

    /** Opens the app (a fresh page: the token lives in memory, so this signs out) and signs in. */
    WebPages signIn(String user) {
        driver.get(baseUrl + "/");
        WebElement name = find("login-user");
        name.sendKeys(user);
        find("login-submit").click();
        await(d -> d.findElement(testId("signed-in-user")).getText().equals(user));
        return this;
    }

    WebPages signInAsAuditor(String user) {
        driver.get(baseUrl + "/");
        find("login-user").sendKeys(user);
        driver.findElement(By.id("login-auditor")).click();
        find("login-submit").click();
        await(d -> d.findElement(testId("signed-in-user")).getText().equals(user));
        return this;
    }

    void open(String hashRoute) {
        ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0]", hashRoute);
    }

    /** Creates a document from the list page and returns its id (from the route it opens). */
    String createDocument(String title) {
        open("#/");
        WebElement input = await(d -> d.findElement(By.id("new-title")));
        input.sendKeys(title);
        find("new-document").click();
        String id = await(d -> {
            String url = d.getCurrentUrl();
            int at = url.indexOf("#/d/");
            return at < 0 ? null : url.substring(at + 4);
        });
        editorContent();
        return id;
    }

    WebElement editorContent() {
        return await(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("[data-testid='editor'] .cm-content"));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    String editorText() {
        return (String) ((JavascriptExecutor) driver).executeScript(
                "const c = document.querySelector(\"[data-testid='editor'] .cm-content\");"
                        + "if (!c) return null; const copy = c.cloneNode(true);"
                        + "copy.querySelectorAll('.cm-remote-caret, .cm-widgetBuffer').forEach((n) => n.remove());"
                        + "return Array.from(copy.querySelectorAll('.cm-line')).map((l) => l.textContent).join('\\n');");
    }

    /** Waits until the editor can take typing (live connection subscribed, or REST mode chosen). */
    void awaitEditable() {
        await(d -> {
            String state = d.findElement(testId("connection-state")).getAttribute("data-state");
            return ("connected".equals(state) || "unavailable".equals(state))
                    && "false".equals(editorContent().getAttribute("aria-readonly")) ? state : null;
        });
    }

    /** Types into the editor and waits until the editor has taken it (CodeMirror reads the DOM a moment later). */
    void type(String text) {
        WebElement content = editorContent();
        content.click();
        String before = editorText();
        content.sendKeys(text);
        await(d -> !editorText().equals(before) && editorText().contains(text.strip()));
    }

    /** Waits until the API reads the document's content as expected (the read model follows a live op at once). */
    void awaitContent(dev.sandstone.local.api.ApiClient api, String id, String expected) {
        await(d -> expected.equals(api.get("/api/documents/" + id).body().get("content").asText()));
    }

    /** Waits until every typed change has been acknowledged (live) or saved (REST). */
    void awaitSaved() {
        await(d -> "saved".equals(d.findElement(testId("save-state")).getAttribute("data-state")));
    }

    String connectionState() {
        return driver.findElement(testId("connection-state")).getAttribute("data-state");
    }
}
