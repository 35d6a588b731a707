package dev.sandstone.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The fast header checks decide exactly as Spring Security's regular expressions do. */
class HeaderFirewallTest {

    @Test
    void every_character_up_to_0x3000_is_decided_as_spring_decides_it() {
        Predicate<String> values = HeaderFirewall.printableAsciiOr(true, StrictHttpFirewall.ALLOWED_HEADER_VALUES);
        Predicate<String> names = HeaderFirewall.printableAsciiOr(false, StrictHttpFirewall.ALLOWED_HEADER_NAMES);
        for (char c = 0; c < 0x3000; c++) {
            String text = "Bearer abc" + c + "def";
            assertThat(values.test(text)).as("value with U+%04X", (int) c)
                    .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(text));
            assertThat(names.test(text)).as("name with U+%04X", (int) c)
                    .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(text));
        }
    }

    @Test
    void a_long_bearer_token_passes_and_a_control_character_in_a_header_is_rejected_when_read() {
        StrictHttpFirewall firewall = HeaderFirewall.create();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/documents");
        request.addHeader("Authorization", "Bearer " + "eyJhbGciOiJSUzI1NiJ9.".repeat(25));
        request.addHeader("X-Evil", "line\u0000break");
        request.addHeader("X-Name", "Zoë");

        var checked = firewall.getFirewalledRequest(request);

        assertThat(checked.getHeader("Authorization")).startsWith("Bearer eyJ");
        assertThat(checked.getHeader("X-Name")).isEqualTo("Zoë");
        assertThatThrownBy(() -> checked.getHeader("X-Evil")).isInstanceOf(RequestRejectedException.class);
    }
}
