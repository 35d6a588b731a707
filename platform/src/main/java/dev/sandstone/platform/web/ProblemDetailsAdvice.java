package dev.sandstone.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.sandstone.api.error.DomainException;
import dev.sandstone.platform.crypto.SubjectErasedException;
import java.net.URI;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryExecutionException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one home of error responses: every failure becomes RFC 9457 problem+json with a precise detail.
 * Client mistakes are 4xx with the field at fault; only our own failures are 500, and those never leak internals.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final String TYPE_BASE = "https://sandstone.dev/problems/";

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case CONFLICT -> HttpStatus.CONFLICT;
            case STALE_VERSION -> HttpStatus.PRECONDITION_FAILED;
            case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
        };
        ProblemDetail problem = problem(status, e.getMessage());
        if (e.field() != null) {
            problem.setProperty("field", e.field());
        }
        if (e.currentVersion() != null) {
            problem.setProperty("currentVersion", e.currentVersion());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (e.currentVersion() != null) {
            response.eTag(ETags.of(e.currentVersion()));
        }
        return response.body(problem);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        ProblemDetail problem = problem(e.status(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        return ResponseEntity.status(e.status()).body(problem);
    }

    @ExceptionHandler(DependencyUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(DependencyUnavailableException e) {
        log.warn("Dependency unavailable: {} ({})", e.getMessage(), e.reason());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
    }

    /** Content whose data key was destroyed: erased for good, not missing and not broken. */
    @ExceptionHandler(SubjectErasedException.class)
    ResponseEntity<ProblemDetail> erased(SubjectErasedException e) {
        log.info("Read of erased data refused: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.GONE).body(problem(HttpStatus.GONE,
                "This content was erased and can never be read again"));
    }

    @ExceptionHandler(RequestSizeLimitFilter.TooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(RequestSizeLimitFilter.TooLargeException e) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(problem(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage()));
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> remoteCommand(CommandExecutionException e) {
        return unwrap(e, e.getDetails().orElse(null));
    }

    @ExceptionHandler(QueryExecutionException.class)
    ResponseEntity<ProblemDetail> remoteQuery(QueryExecutionException e) {
        return unwrap(e, e.getDetails().orElse(null));
    }

    private ResponseEntity<ProblemDetail> unwrap(RuntimeException e, Object details) {
        if (details instanceof DomainException domain) {
            return domain(domain);
        }
        if (e.getCause() instanceof DomainException domain) {
            return domain(domain);
        }
        return unexpected(e);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> aggregateNotFound(AggregateNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem(HttpStatus.NOT_FOUND, "No such document"));
    }

    @ExceptionHandler({ConflictingAggregateVersionException.class, AggregateStreamCreationException.class,
            ConcurrencyException.class})
    ResponseEntity<ProblemDetail> concurrent(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem(HttpStatus.CONFLICT,
                "The document was changed concurrently by another request; read it again and retry"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> badArgument(MethodArgumentTypeMismatchException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST,
                "Parameter '" + e.getName() + "' has an invalid value: " + e.getValue());
        problem.setProperty("field", e.getName());
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (databaseOverloaded(e)) {
            log.warn("No database connection in time: {}", e.getMessage());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                    .body(problem(HttpStatus.SERVICE_UNAVAILABLE,
                            "The service is overloaded: no database connection was free in time; retry shortly"));
        }
        log.error("Unhandled failure", e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "The server failed to handle this request; nothing was changed by it unless a success was returned"));
    }

    /** Overload, not a fault: the connection pool had no free connection within its time-out. */
    private static boolean databaseOverloaded(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof CannotGetJdbcConnectionException || cause instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof RequestSizeLimitFilter.TooLargeException tooLarge) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                    .body(problem(HttpStatus.PAYLOAD_TOO_LARGE, tooLarge.getMessage()));
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, describe(cause));
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            problem.setProperty("field", path(mapping));
        }
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem && URI.create("about:blank").equals(problem.getType())) {
            problem.setType(type(HttpStatus.valueOf(status.value())));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static String describe(Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + path(unknown) + "'; known fields are " + unknown.getKnownPropertyIds();
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String target = mismatch.getTargetType() == null ? "another type" : simpleType(mismatch.getTargetType());
            return "Field '" + path(mismatch) + "' must be " + target;
        }
        if (cause instanceof JsonProcessingException json) {
            return "Malformed JSON: " + json.getOriginalMessage()
                    + (json.getLocation() == null ? "" : " at line " + json.getLocation().getLineNr()
                    + ", column " + json.getLocation().getColumnNr());
        }
        return "The request body is missing or is not valid JSON";
    }

    private static String simpleType(Class<?> type) {
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "an object";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    static ProblemDetail problem(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(HttpStatus.valueOf(status.value())));
        return problem;
    }

    private static URI type(HttpStatus status) {
        return URI.create(TYPE_BASE + status.name().toLowerCase().replace('_', '-'));
    }
}
