package dev.sandstone.api.document.query;

import java.util.List;

public record MemberList(List<MemberView> items) {
}
