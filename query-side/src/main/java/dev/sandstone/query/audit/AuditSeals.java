package dev.sandstone.query.audit;

import dev.sandstone.api.privacy.ErasedData;
import dev.sandstone.api.privacy.PersonalData.Subject;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.platform.crypto.SubjectKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Seals of an audit record's personal fields: HMAC-SHA256 of the value under a key derived from its subject's data
 * key (the actor's, the document's). A seal outlives an erasure that replaces the value; checking it needs the key,
 * so nobody can test guesses of an erased value against it once the key is destroyed.
 */
@Component
class AuditSeals {

    private static final byte[] PURPOSE = "sandstone-audit-seal".getBytes(StandardCharsets.UTF_8);

    private final SubjectKeys keys;

    AuditSeals(SubjectKeys keys) {
        this.keys = keys;
    }

    /** The actor's seal; an actor already erased when recorded has nothing left to seal. */
    String actorSeal(String actor) {
        if (ErasedData.isErased(actor)) {
            return "";
        }
        return seal(keys.keyOf(Subject.USER, actor).key().getEncoded(), actor);
    }

    String summarySeal(String documentId, String summary) {
        return seal(keys.keyOf(Subject.DOCUMENT, documentId).key().getEncoded(), summary);
    }

    /** Whether the actor is the one sealed: an erased actor always is; one whose key is gone never is. */
    boolean actorHolds(String actor, String seal) {
        return ErasedData.isErased(actor) || existing(Subject.USER, actor).map(k -> seal(k, actor).equals(seal))
                .orElse(false);
    }

    /**
     * Whether the summary is the one sealed. A summary that was erased, wholly or where it named an erased user,
     * cannot be checked any more (that is the point of erasing it) and holds.
     */
    boolean summaryHolds(String documentId, String summary, String seal) {
        return summary.contains(PersonalData.ERASED) || existing(Subject.DOCUMENT, documentId)
                .map(k -> seal(k, summary).equals(seal)).orElse(false);
    }

    private Optional<byte[]> existing(Subject type, String id) {
        return keys.existingKeyOf(type, id).map(key -> key.key().getEncoded());
    }

    private static String seal(byte[] dataKey, String value) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(dataKey, "HmacSHA256"));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(derive.doFinal(PURPOSE), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
