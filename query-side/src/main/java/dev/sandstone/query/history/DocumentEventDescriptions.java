package dev.sandstone.query.history;

import dev.sandstone.api.document.event.DocumentArchived;
import dev.sandstone.api.document.event.DocumentContentEdited;
import dev.sandstone.api.document.event.DocumentContentReplaced;
import dev.sandstone.api.document.event.DocumentContentStored;
import dev.sandstone.api.document.event.DocumentCreated;
import dev.sandstone.api.document.event.DocumentDeleted;
import dev.sandstone.api.document.event.DocumentErased;
import dev.sandstone.api.document.event.DocumentEvent;
import dev.sandstone.api.document.event.DocumentMetadataUpdated;
import dev.sandstone.api.document.event.DocumentPublished;
import dev.sandstone.api.document.event.DocumentRoleGranted;
import dev.sandstone.api.document.event.DocumentRoleRevoked;
import dev.sandstone.api.privacy.PersonalData;

/** The wire name and a one-line human summary of each document event, shared by history and audit. */
public final class DocumentEventDescriptions {

    private DocumentEventDescriptions() {
    }

    public static String type(DocumentEvent event) {
        if (event instanceof DocumentCreated) {
            return "created";
        } else if (event instanceof DocumentContentEdited) {
            return "content_edited";
        } else if (event instanceof DocumentContentStored) {
            return "content_stored";
        } else if (event instanceof DocumentContentReplaced) {
            return "content_replaced";
        } else if (event instanceof DocumentMetadataUpdated) {
            return "metadata_updated";
        } else if (event instanceof DocumentPublished) {
            return "published";
        } else if (event instanceof DocumentArchived) {
            return "archived";
        } else if (event instanceof DocumentDeleted) {
            return "deleted";
        } else if (event instanceof DocumentErased) {
            return "erased";
        } else if (event instanceof DocumentRoleGranted) {
            return "role_granted";
        } else if (event instanceof DocumentRoleRevoked) {
            return "role_revoked";
        }
        throw new IllegalArgumentException("Unknown document event " + event.getClass().getName());
    }

    /**
     * SQL over a table of summaries ({@code type}, {@code summary}) with a {@code :user} parameter: the condition
     * that a row is a role change naming the user, and the summary with that name replaced by "[erased]".
     */
    public static final String NAMES_USER_SQL = "type IN ('role_granted', 'role_revoked') "
            + "AND (right(summary, length(:user) + 4) = ' to ' || :user "
            + "OR right(summary, length(:user) + 6) = ' from ' || :user)";
    public static final String USER_ERASED_SQL = "left(summary, length(summary) - length(:user)) || '"
            + PersonalData.ERASED + "'";

    public static String summary(DocumentEvent event) {
        if (event instanceof DocumentCreated created) {
            return "Created '" + created.title() + "' (" + created.content().length() + " characters)";
        } else if (event instanceof DocumentContentEdited edited) {
            return "Edited content: +" + edited.delta().insertedChars() + " / -" + edited.delta().deletedChars()
                    + " characters";
        } else if (event instanceof DocumentContentStored stored) {
            return "Stored content: " + stored.size() + " bytes in " + stored.chunks().size() + " chunks";
        } else if (event instanceof DocumentContentReplaced replaced) {
            return "Replaced content: " + replaced.content().length() + " characters";
        } else if (event instanceof DocumentMetadataUpdated updated) {
            return "Title '" + updated.title() + "', tags [" + String.join(", ", updated.tags()) + "]";
        } else if (event instanceof DocumentPublished published) {
            return "Published as version " + published.publishedVersion();
        } else if (event instanceof DocumentArchived) {
            return "Archived";
        } else if (event instanceof DocumentDeleted) {
            return "Deleted";
        } else if (event instanceof DocumentErased erased) {
            return "Erased: content and personal data destroyed (erasure " + erased.erasureId() + ")";
        } else if (event instanceof DocumentRoleGranted granted) {
            return "Granted " + granted.role().wireName() + " to " + granted.userId();
        } else if (event instanceof DocumentRoleRevoked revoked) {
            return "Revoked " + revoked.previousRole().wireName() + " from " + revoked.userId();
        }
        throw new IllegalArgumentException("Unknown document event " + event.getClass().getName());
    }
}
