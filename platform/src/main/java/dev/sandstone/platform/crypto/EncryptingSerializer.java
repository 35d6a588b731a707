package dev.sandstone.platform.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sandstone.api.privacy.PersonalData;
import dev.sandstone.api.privacy.PersonalData.Subject;
import dev.sandstone.api.security.Actor;
import java.io.IOException;
import java.util.Optional;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Encryption at rest at the one seam every stored message passes: Axon's serializer. Fields marked
 * {@link PersonalData} (events, snapshots, any stored type) and the actor in message metadata are written as
 * AES-256-GCM ciphertext under their subject's data key, and decrypted when read. A field whose key was destroyed
 * reads as its {@link PersonalData#erasedAs()} value, so replaying the event store after an erasure cannot
 * resurrect the data; a field whose ciphertext was altered fails with {@link TamperedDataException}. Types without
 * marked fields pass through untouched, and so does plaintext written before encryption was introduced.
 */
public class EncryptingSerializer implements Serializer {

    private static final String METADATA_PLACE = MetaData.class.getName() + "#" + Actor.META_ACTOR;

    private final JacksonSerializer delegate;
    private final ObjectMapper mapper;
    private final SubjectKeys keys;
    private final FieldCipher cipher;

    public EncryptingSerializer(JacksonSerializer delegate, SubjectKeys keys) {
        this.delegate = delegate;
        this.mapper = delegate.getObjectMapper();
        this.keys = keys;
        this.cipher = new FieldCipher(keys);
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (object == null) {
            return delegate.serialize(null, expectedRepresentation);
        }
        boolean metaData = object instanceof MetaData;
        PersonalFields fields = PersonalFields.of(object.getClass());
        if (!metaData && fields.isEmpty()) {
            return delegate.serialize(object, expectedRepresentation);
        }
        JsonNode tree = mapper.valueToTree(object);
        if (tree instanceof ObjectNode node) {
            if (metaData) {
                encryptUserField(node, Actor.META_ACTOR, METADATA_PLACE);
            } else {
                encrypt(object.getClass(), node, fields);
            }
        }
        try {
            SerializedObject<byte[]> bytes = new SimpleSerializedObject<>(mapper.writeValueAsBytes(tree),
                    byte[].class, typeForClass(object.getClass()));
            return getConverter().convert(bytes, expectedRepresentation);
        } catch (JsonProcessingException e) {
            throw new SerializationException("Cannot serialize " + object.getClass().getName(), e);
        }
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        if (SerializedType.emptyType().equals(serializedObject.getType())) {
            return delegate.deserialize(serializedObject);
        }
        Class<?> type = classForType(serializedObject.getType());
        boolean metaData = MetaData.class.equals(type);
        PersonalFields fields = PersonalFields.of(type);
        if (!metaData && fields.isEmpty()) {
            return delegate.deserialize(serializedObject);
        }
        JsonNode tree = getConverter().convert(serializedObject, JsonNode.class).getData();
        if (tree instanceof ObjectNode node) {
            if (JsonNode.class.isAssignableFrom(serializedObject.getContentType())) {
                node = node.deepCopy(); // someone else's tree (an upcaster's, say): decrypt a copy
            }
            if (metaData) {
                decryptField(node, Actor.META_ACTOR, METADATA_PLACE, "\"" + PersonalData.ERASED + "\"");
            } else {
                for (PersonalFields.PersonalField field : fields.fields()) {
                    decryptField(node, field.name(), place(type, field.name()), field.marking().erasedAs());
                }
            }
            tree = node;
        }
        return delegate.deserialize(new SimpleSerializedObject<>(tree, JsonNode.class, serializedObject.getType()));
    }

    private void encrypt(Class<?> type, ObjectNode node, PersonalFields fields) {
        for (PersonalFields.PersonalField field : fields.fields()) {
            String place = place(type, field.name());
            if (field.marking().value() == Subject.USER) {
                encryptUserField(node, field.name(), place);
            } else {
                JsonNode subject = node.get(field.marking().subjectFrom());
                if (subject == null || !subject.isTextual()) {
                    throw new SerializationException(type.getName() + "." + field.name() + " is document data, but "
                            + field.marking().subjectFrom() + " holds no document id");
                }
                encryptField(node, field.name(), place, keys.keyOf(Subject.DOCUMENT, subject.asText()));
            }
        }
    }

    /** A user id is encrypted under that user's own key; an absent or already erased one stays as it is. */
    private void encryptUserField(ObjectNode node, String name, String place) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || PersonalData.ERASED.equals(value.asText())) {
            return;
        }
        encryptField(node, name, place, keys.keyOf(Subject.USER, value.asText()));
    }

    private void encryptField(ObjectNode node, String name, String place, DataKey key) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return;
        }
        try {
            node.put(name, cipher.encrypt(key, place, mapper.writeValueAsBytes(value)));
        } catch (JsonProcessingException e) {
            throw new SerializationException("Cannot serialize " + place, e);
        }
    }

    private void decryptField(ObjectNode node, String name, String place, String erasedAs) {
        JsonNode value = node.get(name);
        if (!(value instanceof TextNode text) || !FieldCipher.isCiphertext(text.asText())) {
            return;
        }
        Optional<byte[]> plaintext = cipher.decrypt(text.asText(), place);
        try {
            node.set(name, plaintext.isPresent() ? mapper.readTree(plaintext.get()) : mapper.readTree(erasedAs));
        } catch (IOException e) {
            throw new SerializationException("Cannot read decrypted " + place, e);
        }
    }

    private static String place(Class<?> type, String field) {
        return type.getName() + "#" + field;
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
