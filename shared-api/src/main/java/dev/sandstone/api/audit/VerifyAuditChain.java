package dev.sandstone.api.audit;

import dev.sandstone.api.security.Actor;

public record VerifyAuditChain(Actor viewer, String documentId) {
}
