package dev.sandstone.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code sandstone.http.*}.
 *
 * @param maxRequestSize largest request body accepted (413 above); leave room for JSON escaping of content
 */
@ConfigurationProperties("sandstone.http")
public record WebProperties(@DefaultValue("128MB") DataSize maxRequestSize) {
}
