package dev.sandstone.platform.test;

import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fixed master key for test contexts and test processes (a service refuses to start without one). Fixed, so every
 * process of a test, and every context on one database, unwraps the same data keys.
 */
public final class TestMasterKey {

    public static final String ID = "test";
    /** 32 bytes, Base64: for tests only. */
    public static final String KEY = "c2FuZHN0b25lLXRlc3QtbWFzdGVyLWtleS0zMmJ5dGU=";

    private TestMasterKey() {
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("sandstone.crypto.master-keys." + ID, () -> KEY);
        registry.add("sandstone.crypto.active-master-key", () -> ID);
    }

    /** The same, as {@code -D} arguments for a service started as its own process. */
    public static List<String> systemProperties() {
        return List.of("-Dsandstone.crypto.master-keys." + ID + "=" + KEY,
                "-Dsandstone.crypto.active-master-key=" + ID);
    }
}
