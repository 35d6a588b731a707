package dev.sandstone.api.privacy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of a stored record (an event, a snapshot field) as personal or content-bearing data. The
 * event store never holds it in plaintext: the serializer encrypts it with AES-256-GCM under the data key of its
 * subject, and erasing the subject destroys that key (crypto-shredding). Read back after erasure, the value is
 * {@link #erasedAs()}.
 *
 * <ul>
 *   <li>{@link Subject#DOCUMENT}: data of a document (content, deltas, titles, tags); the subject is the document
 *       named by the record component {@link #subjectFrom()} (default {@code documentId}).</li>
 *   <li>{@link Subject#USER}: a user id, encrypted under that user's own key (the value is its own subject).</li>
 * </ul>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface PersonalData {

    /** What an erased string reads as. */
    String ERASED = "[erased]";

    Subject value();

    /** For {@link Subject#DOCUMENT}: the component or field holding the document id. */
    String subjectFrom() default "documentId";

    /** The JSON the field reads as once its subject is erased; the default is the string {@value #ERASED}. */
    String erasedAs() default "\"" + ERASED + "\"";

    enum Subject {
        DOCUMENT, USER
    }

}
