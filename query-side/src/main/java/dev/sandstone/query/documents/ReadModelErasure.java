package dev.sandstone.query.documents;

import dev.sandstone.query.erasure.ErasureStep;
import org.springframework.stereotype.Component;

/** The PostgreSQL read model's part in an erasure: documents, members, revocations, published versions. */
@Component
class ReadModelErasure implements ErasureStep {

    private final DocumentReadModel readModel;

    ReadModelErasure(DocumentReadModel readModel) {
        this.readModel = readModel;
    }

    @Override
    public String store() {
        return "read-model";
    }

    @Override
    public long eraseDocument(String documentId) {
        return readModel.eraseDocument(documentId);
    }

    @Override
    public long eraseUser(String userId) {
        return readModel.eraseUser(userId);
    }

    @Override
    public String detail() {
        return "rows deleted or anonymised in documents, document_members, member_revocations, published_versions";
    }
}
