package dev.sandstone.api.document.query;

import java.util.List;

public record PublishedVersionList(List<PublishedVersionView> items) {
}
