package dev.sandstone.api.audit;

import java.util.List;

public record AuditPage(List<AuditRecordView> items, int page, int size, long total) {
}
