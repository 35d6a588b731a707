package dev.sandstone.platform.crypto;

import dev.sandstone.api.privacy.PersonalData;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/** The {@link PersonalData} fields of a stored type: record components, or fields of a class and its supertypes. */
record PersonalFields(List<PersonalField> fields) {

    record PersonalField(String name, PersonalData marking) {
    }

    private static final ClassValue<PersonalFields> CACHE = new ClassValue<>() {
        @Override
        protected PersonalFields computeValue(Class<?> type) {
            List<PersonalField> found = new ArrayList<>();
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    PersonalData marking = component.getAnnotation(PersonalData.class);
                    if (marking != null) {
                        found.add(new PersonalField(component.getName(), marking));
                    }
                }
            } else {
                for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Field field : c.getDeclaredFields()) {
                        PersonalData marking = field.getAnnotation(PersonalData.class);
                        if (marking != null) {
                            found.add(new PersonalField(field.getName(), marking));
                        }
                    }
                }
            }
            return new PersonalFields(List.copyOf(found));
        }
    };

    static PersonalFields of(Class<?> type) {
        return CACHE.get(type);
    }

    boolean isEmpty() {
        return fields.isEmpty();
    }
}
