package dev.sandstone.query.erasure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where every tracking processor of every instance is, read from the shared token store (not from this instance's
 * processors, which may own none of the segments).
 */
@Component
class ProcessorPositions {

    private final JdbcClient jdbc;
    private final Serializer serializer;

    ProcessorPositions(JdbcClient jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** The processors with a segment that has not yet handled the event at {@code position}. */
    List<String> behind(long position) {
        Map<String, Boolean> passed = new TreeMap<>();
        jdbc.sql("SELECT processor_name, token, token_type FROM token_entry").query(rs -> {
            String processor = rs.getString("processor_name");
            byte[] token = rs.getBytes("token");
            long reached = token == null ? -1 : position(token, rs.getString("token_type"));
            passed.merge(processor, reached >= position, Boolean::logicalAnd);
        });
        List<String> behind = new ArrayList<>();
        passed.forEach((processor, done) -> {
            if (!done) {
                behind.add(processor);
            }
        });
        return behind;
    }

    private long position(byte[] token, String type) {
        TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        return tracking == null ? -1 : tracking.position().orElse(-1);
    }
}
