package dev.sandstone.query.documents;

import dev.sandstone.api.document.query.ContentLocation;
import dev.sandstone.api.document.query.DocumentPage;
import dev.sandstone.api.document.query.FindDocumentContent;
import dev.sandstone.api.document.query.DocumentView;
import dev.sandstone.api.document.query.FindDocument;
import dev.sandstone.api.document.query.FindDocumentMembers;
import dev.sandstone.api.document.query.FindPublishedVersion;
import dev.sandstone.api.document.query.FindPublishedVersions;
import dev.sandstone.api.document.query.ListDocuments;
import dev.sandstone.api.document.query.MemberList;
import dev.sandstone.api.document.query.PublishedVersionList;
import dev.sandstone.api.document.query.PublishedVersionView;
import dev.sandstone.api.error.DomainException;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Answers document queries from the read model, showing each viewer only what they may see. */
@Component
class DocumentQueryHandlers {

    private final DocumentReadModel readModel;

    DocumentQueryHandlers(DocumentReadModel readModel) {
        this.readModel = readModel;
    }

    @QueryHandler
    DocumentView handle(FindDocument query) {
        return readModel.find(query.documentId(), query.viewer(), true)
                .orElseThrow(() -> DomainException.notFound("No such document"));
    }

    @QueryHandler
    ContentLocation handle(FindDocumentContent query) {
        readModel.requireVisible(query.documentId(), query.viewer());
        return readModel.contentLocation(query.documentId(), query.publishedVersion())
                .orElseThrow(() -> DomainException.notFound(query.publishedVersion() == null ? "No such document"
                        : "No published version " + query.publishedVersion()));
    }

    @QueryHandler
    DocumentPage handle(ListDocuments query) {
        return new DocumentPage(
                readModel.list(query.viewer(), query.status(), query.tag(), query.page(), query.size()),
                query.page(), query.size(), readModel.count(query.viewer(), query.status(), query.tag()));
    }

    @QueryHandler
    MemberList handle(FindDocumentMembers query) {
        readModel.requireVisible(query.documentId(), query.viewer());
        return new MemberList(readModel.members(query.documentId()));
    }

    @QueryHandler
    PublishedVersionList handle(FindPublishedVersions query) {
        readModel.requireVisible(query.documentId(), query.viewer());
        return new PublishedVersionList(readModel.publishedVersions(query.documentId()));
    }

    @QueryHandler
    PublishedVersionView handle(FindPublishedVersion query) {
        readModel.requireVisible(query.documentId(), query.viewer());
        return readModel.publishedVersion(query.documentId(), query.publishedVersion())
                .orElseThrow(() -> DomainException.notFound("The document has no published version "
                        + query.publishedVersion()));
    }
}
