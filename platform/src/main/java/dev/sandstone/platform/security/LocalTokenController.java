package dev.sandstone.platform.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sandstone.api.error.DomainException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /local/token}: development tokens for the local default. Exists only with the local issuer on. */
@RestController
@Tag(name = "local development tokens")
class LocalTokenController {

    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
    private static final List<String> GLOBAL_ROLES = List.of("admin", "auditor");

    private final JwtEncoder encoder;
    private final SecurityProperties properties;

    LocalTokenController(JwtEncoder encoder, SecurityProperties properties) {
        this.encoder = encoder;
        this.properties = properties;
    }

    record TokenRequest(String sub, List<String> roles) {
    }

    record TokenResponse(@JsonProperty("access_token") String accessToken,
                         @JsonProperty("token_type") String tokenType,
                         @JsonProperty("expires_in") long expiresIn) {
    }

    @Operation(summary = "Issue a development token (local default only)")
    @PostMapping(path = "/local/token", consumes = MediaType.APPLICATION_JSON_VALUE)
    TokenResponse issue(@RequestBody TokenRequest request) {
        if (request.sub() == null || !SUBJECT.matcher(request.sub()).matches()) {
            throw DomainException.invalid("sub", "sub must be 1-100 characters of letters, digits, '.', '_', '@' or '-'");
        }
        List<String> roles = request.roles() == null ? List.of() : request.roles();
        for (String role : roles) {
            if (!GLOBAL_ROLES.contains(role)) {
                throw DomainException.invalid("roles", "Unknown role '" + role + "'; global roles are " + GLOBAL_ROLES);
            }
        }
        Instant now = Instant.now();
        SecurityProperties.LocalIssuer issuer = properties.localIssuer();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer.issuer())
                .subject(request.sub())
                .issuedAt(now)
                .expiresAt(now.plus(issuer.tokenTtl()))
                .claim(properties.rolesClaim(), roles)
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).keyId("sandstone-local").build(), claims)).getTokenValue();
        return new TokenResponse(token, "Bearer", issuer.tokenTtl().toSeconds());
    }
}
