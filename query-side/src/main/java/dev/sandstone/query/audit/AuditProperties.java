package dev.sandstone.query.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sandstone.audit.*}.
 *
 * @param archive   where audit records live: {@code postgres} (the read model's database, kept forever; the local
 *                  default) or {@code mongodb} (the archive; PostgreSQL then keeps only recent history, see
 *                  {@code sandstone.history.*})
 * @param retention MongoDB: how long a record is kept before its TTL index removes it (default 7 years)
 * @param mongodb   MongoDB: the connection
 */
@ConfigurationProperties("sandstone.audit")
public record AuditProperties(@DefaultValue("postgres") Archive archive,
                              @DefaultValue("2557d") Duration retention,
                              @DefaultValue Mongo mongodb) {

    public enum Archive { POSTGRES, MONGODB }

    /**
     * @param uri        the connection string; its path names the database
     * @param collection the collection of audit records
     * @param timeout    server selection, connect and read timeout: an unreachable archive fails within it
     */
    public record Mongo(@DefaultValue("mongodb://localhost:27017/sandstone") String uri,
                        @DefaultValue("audit_records") String collection,
                        @DefaultValue("5s") Duration timeout) {
    }

    public AuditProperties {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("sandstone.audit.retention must be positive, was " + retention);
        }
    }
}
