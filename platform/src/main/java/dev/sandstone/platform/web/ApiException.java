package dev.sandstone.platform.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** An HTTP-level client error raised at the edge (missing If-Match, bad query parameter, ...). */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final Map<String, Object> properties;

    public ApiException(HttpStatus status, String detail) {
        this(status, detail, Map.of());
    }

    public ApiException(HttpStatus status, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.status = status;
        this.properties = Map.copyOf(properties);
    }

    public static ApiException badParameter(String parameter, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail, Map.of("field", parameter));
    }

    public HttpStatus status() {
        return status;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
