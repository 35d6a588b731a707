package dev.sandstone.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** The OpenAPI document at {@code /v3/api-docs} (UI at {@code /swagger-ui.html}), with bearer-token security. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class OpenApiConfiguration {

    @Bean
    OpenAPI sandstoneOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Sandstone API").version("v1")
                        .description("Event-sourced collaborative documents. Writes need If-Match with the version "
                                + "you last read; errors are RFC 9457 problem+json. See docs/api.md."))
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")));
    }
}
