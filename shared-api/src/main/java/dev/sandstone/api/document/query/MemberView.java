package dev.sandstone.api.document.query;

public record MemberView(String userId, String role) {
}
