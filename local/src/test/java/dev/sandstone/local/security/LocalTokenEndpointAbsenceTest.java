package dev.sandstone.local.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.local.SandstoneApplication;
import dev.sandstone.platform.test.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** With a real OIDC issuer configured (the local issuer off), the service issues no tokens of its own. */
@SpringBootTest(classes = SandstoneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "sandstone.security.local-issuer.enabled=false",
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:9/realms/sandstone/certs"})
class LocalTokenEndpointAbsenceTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
    }

    @Test
    void no_token_endpoint_and_no_signing_key_exist_outside_the_local_default() throws Exception {
        assertThat(context.getBeansOfType(JwtEncoder.class)).isEmpty();
        assertThat(mappings.getHandlerMethods().keySet())
                .noneMatch(info -> info.getPatternValues().contains("/local/token"));

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                        .newBuilder(URI.create("http://localhost:" + port + "/local/token"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"sub\":\"mallory\",\"roles\":[\"admin\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("access_token");
    }
}
