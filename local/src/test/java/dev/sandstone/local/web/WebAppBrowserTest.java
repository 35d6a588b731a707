package dev.sandstone.local.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandstone.local.api.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The web app as people use it, in a real headless Chromium against the whole local-default service: sign in,
 * create, type, rename, search, share, publish, history and diff, audit, a 50 MiB document, accessibility.
 */
class WebAppBrowserTest extends BrowserTest {

    private static ChromeDriver browser;
    private WebPages app;

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        Chromium.quit(browser);
    }

    @BeforeEach
    void pages() {
        app = new WebPages(browser, baseUrl());
    }

    @Test
    void signing_in_creating_typing_and_renaming_reach_the_api() {
        String alice = user("alice");
        ApiClient api = as(alice);
        app.signIn(alice);
        String id = app.createDocument("Launch notes");

        app.awaitEditable();
        app.type("Ship the harbour release on Friday.");
        app.awaitSaved();
        app.awaitContent(api, id, "Ship the harbour release on Friday.");

        WebElement title = app.find("document-title");
        title.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Launch notes, final", Keys.ENTER);
        app.await(d -> api.get("/api/documents/" + id).body().get("title").asText().equals("Launch notes, final"));

        app.open("#/");
        app.await(d -> d.findElements(WebPages.testId("document-link")).stream()
                .anyMatch(link -> link.getText().equals("Launch notes, final")));
    }

    @Test
    void search_finds_words_typed_in_the_editor_and_highlights_them() {
        String alice = user("alice");
        app.signIn(alice);
        app.createDocument("Field guide");
        app.awaitEditable();
        app.type("The quokkamarine lives near <b>rocks</b>.");
        app.awaitSaved();

        app.open("#/");
        app.find("search-input").sendKeys("quokkamarine");
        WebElement mark = app.await(d -> {
            List<WebElement> marks = d.findElements(By.cssSelector("[data-testid='search-results'] mark"));
            return marks.isEmpty() ? null : marks.get(0);
        });
        assertThat(mark.getText()).isEqualTo("quokkamarine");
        WebElement results = app.find("search-results");
        assertThat(results.getText()).contains("<b>rocks"); // shown as text, never as markup
        assertThat(results.findElements(By.tagName("b"))).isEmpty();
    }

    @Test
    void a_viewer_added_in_the_share_dialog_reads_but_cannot_type() {
        String alice = user("alice");
        String bob = user("bob");
        ApiClient api = as(alice);
        app.signIn(alice);
        String id = app.createDocument("Budget");
        app.awaitEditable();
        app.type("Total: 42");
        app.awaitSaved();

        app.find("share-button").click();
        WebElement dialog = app.find("share-dialog");
        dialog.findElement(By.id("share-user")).sendKeys(bob);
        new Select(dialog.findElement(By.id("share-role"))).selectByValue("viewer");
        dialog.findElement(WebPages.testId("share-add")).click();
        app.await(d -> dialog.findElement(By.className("members")).getText().contains(bob));
        assertThat(api.get("/api/documents/" + id + "/members").body().toString()).contains("\"" + bob + "\"", "viewer");
        dialog.sendKeys(Keys.ESCAPE);
        long version = api.get("/api/documents/" + id).body().get("version").asLong();

        app.signIn(bob);
        app.open("#/d/" + id);
        app.await(d -> "Total: 42".equals(app.editorText()));
        app.await(d -> !"connecting".equals(app.connectionState()));
        assertThat(app.editorContent().getAttribute("aria-readonly")).isEqualTo("true");
        app.editorContent().click();
        app.editorContent().sendKeys("sneaky edit");
        assertThat(app.editorText()).isEqualTo("Total: 42");
        assertThat(app.present("publish-button")).isFalse();
        assertThat(app.present("share-button")).isFalse();
        assertThat(api.get("/api/documents/" + id).body().get("version").asLong()).isEqualTo(version);
    }

    @Test
    void publishing_lists_the_version_and_opens_the_published_view() {
        String alice = user("alice");
        app.signIn(alice);
        String id = app.createDocument("Handbook");
        app.awaitEditable();
        app.type("Chapter one: welcome aboard.");
        app.awaitSaved();

        app.find("publish-button").click();
        // The list is drawn again when the publish's no-op op arrives: find and click the link in one step.
        app.await(d -> {
            List<WebElement> links = d.findElements(By.cssSelector(".published-list a"));
            if (links.isEmpty() || !links.get(0).getText().equals("Version 1")) {
                return null;
            }
            links.get(0).click();
            return true;
        });
        assertThat(app.find("published-content").getText()).isEqualTo("Chapter one: welcome aboard.");
        assertThat(app.find("published-view").getText()).contains("Handbook", "Published version 1", alice);
        assertThat(browser.getCurrentUrl()).endsWith("#/d/" + id + "/published/1");
    }

    @Test
    void history_shows_versions_compares_two_and_restores_one() {
        String alice = user("alice");
        ApiClient api = as(alice);
        String id = createDocument(api, "Recipe", "Flour and water.");
        assertThat(api.ifMatch(1).put("/api/documents/" + id + "/content",
                Map.of("content", "Flour, water and salt.")).status()).isEqualTo(200);

        app.signIn(alice);
        app.open("#/d/" + id + "/history");
        WebElement panel = app.find("history-panel");
        app.await(d -> panel.findElements(By.cssSelector(".timeline li")).size() == 2);
        assertThat(panel.getText()).contains("Version 2", "content edited", "Version 1", "created", alice);

        browser.findElement(By.cssSelector("input[name='diff-a'][value='1']")).click();
        browser.findElement(By.cssSelector("input[name='diff-b'][value='2']")).click();
        app.find("compare").click();
        WebElement diff = app.find("diff");
        assertThat(diff.findElements(By.tagName("ins")).stream().map(WebElement::getText)).contains("salt");
        assertThat(diff.findElements(By.tagName("del")).stream().map(WebElement::getText)).isNotEmpty();

        browser.findElements(WebPages.testId("view-version")).stream()
                .filter(button -> button.getText().equals("View version 1")).findFirst().orElseThrow().click();
        app.await(d -> app.find("revision-content").getText().equals("Flour and water."));
        app.find("restore-version").click();
        app.await(d -> panel.findElements(By.cssSelector(".timeline li")).size() == 3);
        JsonNode restored = api.get("/api/documents/" + id).body();
        assertThat(restored.get("content").asText()).isEqualTo("Flour and water.");
        assertThat(restored.get("version").asLong()).isEqualTo(3);
    }

    @Test
    void an_auditor_sees_the_verified_audit_chain() {
        String alice = user("alice");
        String id = createDocument(as(alice), "Minutes", "Attendees: all.");
        app.signInAsAuditor(user("audrey"));
        app.open("#/audit");
        app.find("audit-document").sendKeys(id, Keys.ENTER);
        WebElement verification = app.find("audit-verification");
        assertThat(verification.getText()).startsWith("Chain verified: 1 records");
        assertThat(app.find("audit-result").getText()).contains("created", alice);
    }

    @Test
    void a_50_MiB_document_opens_within_two_seconds_scrolls_to_its_end_and_is_edited_part_by_part() throws Exception {
        String alice = user("alice");
        ApiClient api = as(alice);
        String id = createDocument(api, "Archive", "small");
        StringBuilder text = new StringBuilder(50 * 1024 * 1024 + 200);
        String line = "Line of the archive with some words in it, and a few more to make it long enough. é😀\n";
        while (text.length() < 50 * 1024 * 1024) {
            text.append(line);
        }
        text.append("THE-VERY-END-OF-THE-ARCHIVE\n");
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(baseUrl() + "/api/documents/" + id + "/content"))
                .header("Authorization", "Bearer " + api.token()).header("If-Match", "\"1\"")
                .header("Content-Type", "text/plain; charset=UTF-8")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        app.signIn(alice);
        browser.executeScript("window.openStartedAt = performance.now(); location.hash = arguments[0]", "#/d/" + id);
        app.await(d -> d.findElements(By.cssSelector("[data-testid='large-content'] pre.chunk[data-chunk='0']")).stream()
                .anyMatch(chunk -> chunk.getText().startsWith("Line of the archive")));
        // Measured in the page: from the navigation to the first text on screen (the app marks it).
        Number shownAt = (Number) browser.executeScript(
                "const m = performance.getEntriesByName('sandstone:large-first-text'); return m.length ? m[0].startTime : null");
        assertThat(shownAt).as("the app's first-text mark").isNotNull();
        Duration opened = Duration.ofMillis(Math.round(shownAt.doubleValue()
                - ((Number) browser.executeScript("return window.openStartedAt")).doubleValue()));
        assertThat(opened).as("time to show a 50 MiB document").isLessThan(Duration.ofSeconds(2));
        assertThat(app.find("connection-state").getText()).contains("256 KiB", "each part you edit is saved on its own");

        JavascriptExecutor js = browser;
        js.executeScript("const s = document.querySelector(\"[data-testid='large-content']\"); s.scrollTop = s.scrollHeight;");
        app.await(d -> {
            js.executeScript("const s = document.querySelector(\"[data-testid='large-content']\"); s.scrollTop = s.scrollHeight;");
            return (Boolean) js.executeScript(
                    "return document.querySelector(\"[data-testid='large-content']\").textContent.includes('THE-VERY-END-OF-THE-ARCHIVE')");
        });
        long rendered = (Long) js.executeScript(
                "return document.querySelector(\"[data-testid='large-content']\").textContent.length");
        assertThat(rendered).as("characters in the page").isLessThan(2_000_000);
        System.out.printf("50 MiB document: first text after %d ms%n", opened.toMillis());

        // The last part, edited where it is: only its byte range goes to the server (PATCH), as version 3.
        WebElement last = browser.findElements(By.cssSelector("[data-testid='large-content'] pre.chunk")).stream()
                .filter(chunk -> chunk.getText().contains("THE-VERY-END-OF-THE-ARCHIVE")).findFirst().orElseThrow();
        last.click();
        WebElement part = app.find("large-part-editor");
        part.sendKeys("Appended in the browser ✓");
        part.sendKeys(Keys.ESCAPE);
        app.awaitSaved();
        byte[] appended = "Appended in the browser ✓".getBytes(StandardCharsets.UTF_8);
        JsonNode saved = api.get("/api/documents/" + id).body();
        assertThat(saved.get("version").asLong()).isEqualTo(3);
        assertThat(saved.get("contentSize").asLong()).isEqualTo(body.length + appended.length);
        HttpResponse<String> tail = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(baseUrl() + "/api/documents/" + id + "/content"))
                .header("Authorization", "Bearer " + api.token()).header("Range", "bytes=-80").GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(tail.body()).endsWith("THE-VERY-END-OF-THE-ARCHIVE\nAppended in the browser ✓");

        // Someone else changes the document first: the next save is refused (412) and the typed text is kept.
        assertThat(api.ifMatch(3).patch("/api/documents/" + id + "/content",
                Map.of("start", 0, "end", 0, "text", "Preface. ")).status()).isEqualTo(200);
        browser.findElements(By.cssSelector("[data-testid='large-content'] pre.chunk")).stream()
                .filter(chunk -> chunk.getText().contains("Appended in the browser")).findFirst().orElseThrow().click();
        app.find("large-part-editor").sendKeys(" Typed after theirs.");
        app.await(d -> "error".equals(d.findElement(WebPages.testId("save-state")).getAttribute("data-state")));
        assertThat(app.find("rescue").getText()).contains("Someone else changed this document first");
        assertThat(app.find("rescue").findElement(By.tagName("textarea")).getAttribute("value"))
                .endsWith("Appended in the browser ✓ Typed after theirs.");
        assertThat(api.get("/api/documents/" + id).body().get("version").asLong()).isEqualTo(4);
    }

    /**
     * A server without live collaboration (the ticket endpoint answers 404, as when {@code sandstone.collab.enabled}
     * is false): the editor saves over REST with If-Match, and a 412 never loses what was typed.
     */
    @Test
    void without_live_editing_typed_text_survives_a_conflicting_save() {
        String alice = user("alice");
        ApiClient api = as(alice);
        String id = createDocument(api, "Offline plan", "Base.");
        app.signIn(alice);
        browser.executeScript("""
                const original = window.fetch;
                window.fetch = (input, init) => String(input).includes('/api/collab/tickets')
                  ? Promise.resolve(new Response('{"status":404,"detail":"No such endpoint"}',
                      { status: 404, headers: { 'Content-Type': 'application/problem+json' } }))
                  : original(input, init);
                """);
        app.open("#/d/" + id);
        app.awaitEditable();
        assertThat(app.connectionState()).isEqualTo("unavailable");
        keys(Keys.chord(Keys.CONTROL, Keys.END), " Mine.");
        app.await(d -> app.editorText().equals("Base. Mine."));
        app.awaitSaved();
        app.awaitContent(api, id, "Base. Mine.");

        // Someone else saves first: the editor's next save answers 412.
        assertThat(api.ifMatch(2).put("/api/documents/" + id + "/content", Map.of("content", "Theirs.")).status())
                .isEqualTo(200);
        keys(" More of mine.");
        app.await(d -> "error".equals(d.findElement(WebPages.testId("save-state")).getAttribute("data-state")));
        assertThat(app.editorText()).isEqualTo("Base. Mine. More of mine.");
        assertThat(browser.findElement(By.cssSelector(".banner")).getText()).contains("Your text is still here");

        browser.findElement(By.xpath("//button[normalize-space()='Keep mine']")).click();
        app.awaitSaved();
        assertThat(api.get("/api/documents/" + id).body().get("content").asText())
                .isEqualTo("Base. Mine. More of mine.");
    }

    @Test
    void everything_can_be_done_with_the_keyboard_alone() {
        String alice = user("alice");
        String bob = user("bob");
        ApiClient api = as(alice);
        browser.get(baseUrl() + "/");
        app.await(d -> "login-user".equals(active().getAttribute("data-testid")));
        keys(alice, Keys.ENTER);
        app.await(d -> d.findElement(WebPages.testId("signed-in-user")).getText().equals(alice));

        tabTo("new-title");
        keys("Keyboard only", Keys.ENTER);
        app.awaitEditable();
        app.await(d -> "true".equals(active().getAttribute("contenteditable")));
        keys("Typed without a mouse.");
        app.await(d -> app.editorText().equals("Typed without a mouse."));
        app.awaitSaved();
        String id = browser.getCurrentUrl().substring(browser.getCurrentUrl().indexOf("#/d/") + 4);
        app.awaitContent(api, id, "Typed without a mouse.");

        keys(Keys.TAB); // Tab leaves the editor: no keyboard trap
        assertThat(active().getAttribute("contenteditable")).isNotEqualTo("true");
        shiftTabTo("share-button");
        keys(Keys.ENTER);
        app.find("share-dialog");
        app.await(d -> "share-user".equals(active().getAttribute("id")));
        keys(bob, Keys.TAB);
        keys("v"); // the role list: viewer
        keys(Keys.TAB, Keys.ENTER);
        app.await(d -> api.get("/api/documents/" + id + "/members").body().toString().contains(bob));
        assertThat(api.get("/api/documents/" + id + "/members").body().toString()).contains("viewer");
        keys(Keys.ESCAPE);
        app.await(d -> d.findElements(WebPages.testId("share-dialog")).isEmpty());

        tabTo("publish-button");
        keys(Keys.ENTER);
        app.await(d -> !d.findElements(By.cssSelector(".published-list a")).isEmpty());
    }

    private WebElement active() {
        return browser.switchTo().activeElement();
    }

    private void keys(CharSequence... keys) {
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(keys).perform();
    }

    private void tabTo(String idOrTestId) {
        moveFocus(idOrTestId, Keys.TAB);
    }

    private void shiftTabTo(String idOrTestId) {
        moveFocus(idOrTestId, Keys.chord(Keys.SHIFT, Keys.TAB));
    }

    private void moveFocus(String idOrTestId, CharSequence key) {
        for (int i = 0; i < 30; i++) {
            WebElement focused = active();
            if (idOrTestId.equals(focused.getAttribute("id")) || idOrTestId.equals(focused.getAttribute("data-testid"))) {
                return;
            }
            keys(key);
        }
        throw new AssertionError("The keyboard never reached " + idOrTestId + "; focus is on " + active().getTagName());
    }

    @Test
    void pages_have_no_serious_or_critical_accessibility_violations() {
        browser.get(baseUrl() + "/");
        app.find("login-user");
        assertThat(Axe.seriousViolations(browser)).as("sign-in page").isEmpty();

        String alice = user("alice");
        app.signIn(alice);
        String id = app.createDocument("Accessible");
        app.awaitEditable();
        app.type("Readable by everyone.");
        app.awaitSaved();
        assertThat(Axe.seriousViolations(browser)).as("document page").isEmpty();

        app.find("share-button").click();
        app.find("share-dialog");
        assertThat(Axe.seriousViolations(browser)).as("share dialog").isEmpty();
        app.find("share-dialog").sendKeys(Keys.ESCAPE);

        app.open("#/d/" + id + "/history");
        app.find("history-panel");
        assertThat(Axe.seriousViolations(browser)).as("history").isEmpty();

        app.open("#/");
        app.find("search-input").sendKeys("readable");
        app.await(d -> !d.findElements(By.cssSelector("[data-testid='search-results'] mark")).isEmpty());
        assertThat(Axe.seriousViolations(browser)).as("documents and search").isEmpty();
    }

    @Test
    void codemirror_styles_apply_under_the_content_security_policy() {
        app.signIn(user("alice"));
        app.createDocument("Styled");
        app.awaitEditable();
        // CodeMirror's base theme (a <style> element allowed by the nonce) makes the editor a flex column.
        assertThat(((JavascriptExecutor) browser).executeScript(
                "return getComputedStyle(document.querySelector('.cm-editor')).display")).isEqualTo("flex");
    }

    @Test
    void the_app_is_served_with_a_strict_content_security_policy() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("script-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                "connect-src 'self' ws://localhost:" + port).doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.body()).doesNotContain("<script>").contains("<script type=\"module\"");
        java.util.regex.Matcher nonce = java.util.regex.Pattern.compile("style-src 'self' 'nonce-([A-Za-z0-9+/=]{24})'")
                .matcher(policy);
        assertThat(nonce.find()).as(policy).isTrue();
        assertThat(page.body()).contains("<meta name=\"csp-nonce\" content=\"" + nonce.group(1) + "\">");
        assertThat(page.headers().firstValue("Cache-Control").orElse("")).contains("no-store");

        HttpResponse<String> config = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/api/ui-config")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).isEqualTo("{\"auth\":\"local\"}");
    }
}
