package dev.sandstone.platform.web;

import dev.sandstone.api.error.DomainException;
import java.util.regex.Pattern;

/** A document id from a URL path: anything that cannot be an id is simply a document that does not exist (404). */
public final class DocumentIds {

    private static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private DocumentIds() {
    }

    public static String require(String id) {
        if (!isDocumentId(id)) {
            throw DomainException.notFound("No such document");
        }
        return id;
    }

    public static boolean isDocumentId(String id) {
        return DOCUMENT_ID.matcher(id).matches();
    }
}
