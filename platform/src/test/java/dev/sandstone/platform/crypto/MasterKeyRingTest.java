package dev.sandstone.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyRingTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private static CryptoProperties properties(Map<String, String> keys, String active, Path file, boolean generate) {
        return new CryptoProperties(keys, active, file, generate, 10, Duration.ofSeconds(1));
    }

    @Test
    void refuses_to_start_without_a_master_key_and_says_how_to_set_one() {
        assertThatThrownBy(() -> MasterKeyRing.from(properties(Map.of(), null, null, false)))
                .hasMessageContaining("sandstone.crypto.master-keys.<id>")
                .hasMessageContaining("openssl rand -base64 32");
    }

    @Test
    void a_derived_secret_is_stable_per_purpose_and_changes_with_the_active_master_key() {
        String other = Base64.getEncoder().encodeToString("another master key, 32 bytes....".getBytes());
        MasterKeyRing ring = MasterKeyRing.from(properties(Map.of("a", KEY, "b", other), "a", null, false));

        byte[] links = ring.derive("links");

        assertThat(links).hasSize(32);
        assertThat(MasterKeyRing.from(properties(Map.of("a", KEY, "b", other), "a", null, false)).derive("links"))
                .isEqualTo(links);
        assertThat(ring.derive("something else")).isNotEqualTo(links);
        assertThat(MasterKeyRing.from(properties(Map.of("a", KEY, "b", other), "b", null, false)).derive("links"))
                .isNotEqualTo(links);
    }

    @Test
    void refuses_a_key_that_is_not_256_bits_or_not_base64() {
        assertThatThrownBy(() -> MasterKeyRing.from(properties(Map.of("k", "c2hvcnQ="), null, null, false)))
                .hasMessageContaining("must be 32 bytes");
        assertThatThrownBy(() -> MasterKeyRing.from(properties(Map.of("k", "***"), null, null, false)))
                .hasMessageContaining("not valid Base64");
    }

    @Test
    void needs_the_active_key_named_when_several_are_configured() {
        assertThatThrownBy(() -> MasterKeyRing.from(properties(Map.of("a", KEY, "b", KEY), null, null, false)))
                .hasMessageContaining("active-master-key");
        assertThat(MasterKeyRing.from(properties(Map.of("a", KEY, "b", KEY), "b", null, false)).activeId())
                .isEqualTo("b");
    }

    @Test
    void generates_an_owner_only_key_file_once_and_reads_it_back(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/master-key.properties");
        MasterKeyRing first = MasterKeyRing.from(properties(Map.of(), null, file, true));
        String content = Files.readString(file);

        MasterKeyRing second = MasterKeyRing.from(properties(Map.of(), null, file, true));

        assertThat(Files.readString(file)).isEqualTo(content);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(second.activeId()).isEqualTo(first.activeId());
        byte[] wrapped = first.wrap(new byte[32], "data-key");
        assertThat(second.unwrap(first.activeId(), wrapped, "data-key")).isEqualTo(new byte[32]);
    }

    @Test
    void a_wrapped_key_is_bound_to_its_data_key_id() {
        MasterKeyRing ring = MasterKeyRing.from(properties(Map.of("k", KEY), "k", null, false));
        byte[] wrapped = ring.wrap(new byte[32], "one");

        assertThatThrownBy(() -> ring.unwrap("k", wrapped, "another")).isInstanceOf(TamperedDataException.class);
    }
}
