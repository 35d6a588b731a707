package dev.sandstone.api.privacy;

/** Recognises values that read back as erased (see {@link PersonalData}). */
public final class ErasedData {

    private ErasedData() {
    }

    /** Whether a string read back from the event store is the placeholder of erased data. */
    public static boolean isErased(String value) {
        return PersonalData.ERASED.equals(value);
    }
}
