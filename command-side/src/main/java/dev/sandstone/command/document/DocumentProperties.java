package dev.sandstone.command.document;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code sandstone.documents.*}.
 *
 * @param maxContentSize    largest content accepted, in UTF-8 bytes (413 above)
 * @param inlineThreshold   content up to this size travels inside commands and events; larger content is written
 *                          to the blob store in chunks first and events carry only chunk references
 * @param snapshotThreshold take an aggregate snapshot after this many events, so long histories load fast
 * @param aggregateCache    keep loaded documents in memory; only when a single process appends to the event store
 */
@ConfigurationProperties("sandstone.documents")
public record DocumentProperties(@DefaultValue("100MB") DataSize maxContentSize,
                                 @DefaultValue("256KB") DataSize inlineThreshold,
                                 @DefaultValue("100") int snapshotThreshold,
                                 @DefaultValue("false") boolean aggregateCache) {
}
