package dev.sandstone.local.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.local.api.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;

/**
 * Live editing in two real browsers over the collaboration endpoint (issue 16): text and cursors arrive live,
 * typing offline is kept and sent once the connection is back.
 */
class LiveCollaborationBrowserTest extends BrowserTest {

    private static ChromeDriver first;
    private static ChromeDriver second;

    @BeforeAll
    static void startBrowsers() {
        first = Chromium.start();
        second = Chromium.start();
    }

    @AfterAll
    static void stopBrowsers() {
        Chromium.quit(first);
        Chromium.quit(second);
    }

    private String sharedDocument(ApiClient owner, String editor, String content) {
        ApiClient.Response created = owner.post("/api/documents",
                Map.of("title", "Live notes", "content", content, "tags", List.of()));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(owner.put("/api/documents/" + id + "/members/" + editor, Map.of("role", "editor")).status())
                .isEqualTo(200);
        return id;
    }

    @Test
    void a_second_browser_sees_the_text_and_the_cursor_live() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        String id = sharedDocument(as(alice), bob, "Agenda\n");
        WebPages a = new WebPages(first, baseUrl()).signIn(alice);
        WebPages b = new WebPages(second, baseUrl()).signIn(bob);
        a.open("#/d/" + id);
        b.open("#/d/" + id);
        a.awaitEditable();
        b.awaitEditable();
        assertThat(a.connectionState()).isEqualTo("connected");

        a.editorContent().click();
        a.editorContent().sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL,
                org.openqa.selenium.Keys.END), "1. Budget from Alice");
        b.await(d -> b.editorText().equals("Agenda\n1. Budget from Alice"));
        WebElement aliceCaret = b.await(d -> d.findElements(WebPages.testId("remote-cursor")).stream()
                .filter(caret -> alice.equals(caret.getAttribute("data-user"))).findFirst().orElse(null));
        assertThat(aliceCaret.isDisplayed()).isTrue();
        b.await(d -> d.findElement(WebPages.testId("presence-list")).getText().contains(alice));

        b.editorContent().click();
        b.editorContent().sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL,
                org.openqa.selenium.Keys.END), "\n2. Hiring from Bob");
        a.await(d -> a.editorText().equals("Agenda\n1. Budget from Alice\n2. Hiring from Bob"));
        a.await(d -> d.findElements(WebPages.testId("remote-cursor")).stream()
                .anyMatch(caret -> bob.equals(caret.getAttribute("data-user"))));
        a.awaitSaved();
        b.awaitSaved();
        a.awaitContent(as(alice), id, "Agenda\n1. Budget from Alice\n2. Hiring from Bob");

        // The README's screenshot: two people, two cursors.
        Path shot = Path.of("target", "web-editor.png");
        Files.write(shot, first.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void typing_offline_is_kept_and_sent_once_on_reconnect() {
        String alice = user("alice");
        ApiClient api = as(alice);
        String id = sharedDocument(api, user("bob"), "Start.");
        WebPages a = new WebPages(first, baseUrl()).signIn(alice);
        a.open("#/d/" + id);
        a.awaitEditable();
        assertThat(a.connectionState()).isEqualTo("connected");

        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        first.setNetworkConditions(offline);
        try {
            a.await(d -> "offline".equals(a.connectionState()));
            a.editorContent().click();
            a.editorContent().sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL,
                    org.openqa.selenium.Keys.END), " Typed on the train.");
            assertThat(a.editorText()).isEqualTo("Start. Typed on the train.");
            assertThat(api.get("/api/documents/" + id).body().get("content").asText()).isEqualTo("Start.");
        } finally {
            first.deleteNetworkConditions();
        }
        a.await(d -> "connected".equals(a.connectionState()));
        a.awaitSaved();
        a.awaitContent(api, id, "Start. Typed on the train.");
    }
}
