package dev.sandstone.platform.test;

import java.nio.file.Path;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Turns on the local development-token issuer with a signing key of its own for one Spring test context. */
public final class TestTokens {

    private TestTokens() {
    }

    public static void registerLocalIssuer(DynamicPropertyRegistry registry) {
        Path keyFile = Path.of(System.getProperty("java.io.tmpdir"), "sandstone-test-key-" + UUID.randomUUID() + ".der");
        keyFile.toFile().deleteOnExit();
        registry.add("sandstone.security.local-issuer.enabled", () -> "true");
        registry.add("sandstone.security.local-issuer.key-file", keyFile::toString);
    }
}
