package dev.sandstone.platform.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Local default only: the service signs development tokens with its own RSA key (kept in a file so tokens
 * survive a restart) and accepts only tokens signed by it. No bean here exists unless
 * {@code sandstone.security.local-issuer.enabled=true}.
 */
@AutoConfiguration(before = OAuth2ResourceServerAutoConfiguration.class)
@ConditionalOnProperty(name = "sandstone.security.local-issuer.enabled", havingValue = "true")
@Import(LocalTokenController.class)
public class LocalTokenIssuerConfiguration {

    @Bean
    RSAKey localIssuerKey(SecurityProperties properties) {
        KeyPair pair = loadOrCreate(properties.localIssuer().keyFile());
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey(pair.getPrivate())
                .keyID("sandstone-local")
                .build();
    }

    @Bean
    JwtEncoder localJwtEncoder(RSAKey localIssuerKey) {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(localIssuerKey)));
    }

    @Bean
    JwtDecoder localJwtDecoder(RSAKey localIssuerKey, SecurityProperties properties) throws Exception {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(localIssuerKey.toRSAPublicKey()).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.localIssuer().issuer()));
        return decoder;
    }

    private static KeyPair loadOrCreate(Path file) {
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            if (Files.exists(file)) {
                RSAPrivateCrtKey key = (RSAPrivateCrtKey) factory.generatePrivate(
                        new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
                return new KeyPair(factory.generatePublic(new RSAPublicKeySpec(key.getModulus(),
                        key.getPublicExponent())), key);
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.write(file, pair.getPrivate().getEncoded());
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on file systems without POSIX permissions
            }
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the local issuer key " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Unusable local issuer key in " + file, e);
        }
    }
}
