package dev.sandstone.platform.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstone.platform.blob.filesystem.FileSystemBlobStore;
import dev.sandstone.platform.blob.s3.S3BlobStore;
import dev.sandstone.platform.config.PlatformDefaults;
import dev.sandstone.platform.crypto.SubjectKeys;
import dev.sandstone.platform.postgres.EmbeddedPostgresProperties;
import dev.sandstone.platform.resilience.ResilienceAutoConfiguration;
import dev.sandstone.platform.test.TestSubjectKeys;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

/**
 * Configuration chooses exactly one adapter (S3 behind its circuit breaker), rejects what cannot work, and reports
 * health outside the probes.
 */
class BlobStoreAutoConfigurationTest {

    @TempDir
    Path directory;

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class,
                    BlobStoreAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void stores_blobs_in_the_file_system_by_default_with_gzip() {
        context.withPropertyValues("sandstone.blobs.filesystem.directory=" + directory).run(app -> {
            assertThat(app).hasSingleBean(BlobStore.class);
            assertThat(app.getBean(BlobStore.class)).isInstanceOfSatisfying(FileSystemBlobStore.class, store -> {
                assertThat(store.directory()).isEqualTo(directory);
                assertThat(store.compression()).isEqualTo(Compression.GZIP);
            });
        });
    }

    @Test
    void the_default_directory_is_beside_the_embedded_postgresql_data() {
        Binder nothingConfigured = new Binder(new MapConfigurationPropertySource(Map.of()));
        Path postgres = nothingConfigured.bindOrCreate("sandstone.embedded-postgres", EmbeddedPostgresProperties.class)
                .dataDir();
        Path blobs = nothingConfigured.bindOrCreate("sandstone.blobs", BlobStoreProperties.class).filesystem().directory();

        assertThat(blobs.normalize()).isEqualTo(postgres.normalize().resolveSibling("blobs"));
    }

    @Test
    void selects_s3_with_its_settings_without_contacting_it_at_start_up() {
        context.withPropertyValues("sandstone.blobs.store=s3", "sandstone.blobs.compression=zstd",
                "sandstone.blobs.s3.bucket=documents", "sandstone.blobs.s3.endpoint=http://127.0.0.1:9",
                "sandstone.blobs.s3.path-style=true", "sandstone.blobs.s3.access-key=a",
                "sandstone.blobs.s3.secret-key=b", "sandstone.blobs.s3.server-side-encryption=aws:kms",
                "sandstone.blobs.s3.kms-key-id=alias/documents", "sandstone.blobs.s3.part-size=32MB",
                "sandstone.blobs.s3.api-call-timeout=10s").run(app -> {
            assertThat(app).hasSingleBean(BlobStore.class);
            assertThat(app.getBean(BlobStore.class)).isInstanceOfSatisfying(ResilientBlobStore.class,
                    store -> assertThat(store.delegate()).isInstanceOf(S3BlobStore.class));
            assertThat(app.getBean(CircuitBreakerRegistry.class).find("blobstore")).isPresent();
            BlobStoreProperties properties = app.getBean(BlobStoreProperties.class);
            assertThat(properties.compression()).isEqualTo(Compression.ZSTD);
            assertThat(properties.s3().serverSideEncryption())
                    .isEqualTo(BlobStoreProperties.ServerSideEncryption.AWS_KMS);
            assertThat(properties.s3().partSize()).isEqualTo(DataSize.ofMegabytes(32));
            assertThat(properties.s3().apiCallTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.s3().toString()).doesNotContain("=b,").contains("secretKey=(hidden)");
        });
    }

    @Test
    void keeps_documents_contents_encrypted_wherever_there_are_subject_keys() {
        context.withPropertyValues("sandstone.blobs.filesystem.directory=" + directory).run(app ->
                assertThat(app).doesNotHaveBean(DocumentBlobs.class));
        SubjectKeys keys = TestSubjectKeys.onNewDatabase();
        context.withPropertyValues("sandstone.blobs.filesystem.directory=" + directory)
                .withBean(SubjectKeys.class, () -> keys).run(app -> {
                    assertThat(app).hasSingleBean(DocumentBlobs.class);
                    assertThat(app.getBean(DocumentBlobs.class).store()).isSameAs(app.getBean(BlobStore.class));
                });
    }

    @Test
    void an_application_may_provide_its_own_store() {
        BlobStore own = new FileSystemBlobStore(directory, Compression.NONE);
        context.withBean(BlobStore.class, () -> own).run(app ->
                assertThat(app.getBean(BlobStore.class)).isSameAs(own));
    }

    @Test
    void refuses_to_start_with_s3_but_no_bucket() {
        context.withPropertyValues("sandstone.blobs.store=s3").run(app ->
                assertThat(app).getFailure().rootCause().hasMessageContaining("sandstone.blobs.s3.bucket must be set"));
    }

    @Test
    void refuses_settings_that_cannot_work() {
        context.withPropertyValues("sandstone.blobs.store=s3", "sandstone.blobs.s3.bucket=b",
                "sandstone.blobs.s3.access-key=only-half").run(app ->
                assertThat(app).getFailure().rootCause().hasMessageContaining("must be set together"));
        context.withPropertyValues("sandstone.blobs.s3.part-size=1MB").run(app ->
                assertThat(app).getFailure().rootCause().hasMessageContaining("at least 5MB"));
        context.withPropertyValues("sandstone.blobs.s3.kms-key-id=k").run(app ->
                assertThat(app).getFailure().rootCause().hasMessageContaining("needs server-side-encryption=aws:kms"));
        context.withPropertyValues("sandstone.blobs.store=tape").run(app -> assertThat(app).hasFailed());
        context.withPropertyValues("sandstone.blobs.compression=brotli").run(app -> assertThat(app).hasFailed());
    }

    @Test
    void reports_health_as_blob_store_in_the_dependencies_group_never_in_a_probe() {
        context.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class,
                        HealthEndpointAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
                        AvailabilityProbesAutoConfiguration.class))
                .withInitializer(app -> new PlatformDefaults().postProcessEnvironment(app.getEnvironment(),
                        new SpringApplication()))
                // the platform defaults' readiness group names the database, which this context does not have
                .withPropertyValues("sandstone.blobs.filesystem.directory=" + directory,
                        "management.endpoint.health.validate-group-membership=false")
                .run(app -> {
                    assertThat(app.getBean(HealthContributorRegistry.class).getContributor("blobStore"))
                            .isInstanceOf(BlobStoreHealthIndicator.class);
                    HealthEndpointGroups groups = app.getBean(HealthEndpointGroups.class);
                    assertThat(groups.get("readiness").isMember("blobStore")).isFalse();
                    assertThat(groups.get("liveness").isMember("blobStore")).isFalse();
                    assertThat(groups.get("dependencies").isMember("blobStore")).isTrue();
                });
    }

    @Test
    void its_health_indicator_can_be_switched_off() {
        context.withPropertyValues("management.health.blobstore.enabled=false")
                .run(app -> assertThat(app).doesNotHaveBean(BlobStoreHealthIndicator.class));
    }
}
