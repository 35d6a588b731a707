package dev.sandstone.platform.web.ratelimit;

import dev.sandstone.platform.security.CurrentActor;
import dev.sandstone.platform.web.ProblemWriter;
import dev.sandstone.platform.web.ratelimit.RateLimiter.Caller;
import dev.sandstone.platform.web.ratelimit.RateLimiter.Kind;
import dev.sandstone.platform.web.ratelimit.RateLimiter.Rejection;
import dev.sandstone.platform.web.ratelimit.RateLimiter.Scope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Answers 429 problem+json with {@code Retry-After} to a request over its caller's or the instance's budget.
 * Runs inside the security filter chain right after the bearer token is read, so an authenticated call is counted
 * against its user and an anonymous one (even one about to be refused with 401) against its client address.
 * Every rejection counts in {@code sandstone.ratelimit.rejections{scope, kind}}.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    static final String REJECTIONS = "sandstone.ratelimit.rejections";
    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private final RateLimiter limiter;
    private final List<PathPattern> exempt;
    private final ProblemWriter problems;
    private final Map<Scope, Map<Kind, Counter>> rejections = new EnumMap<>(Scope.class);

    public RateLimitFilter(RateLimiter limiter, List<String> exemptPaths, ProblemWriter problems,
                           MeterRegistry meters) {
        this.limiter = limiter;
        this.exempt = exemptPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
        this.problems = problems;
        for (Scope scope : Scope.values()) {
            Map<Kind, Counter> byKind = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                byKind.put(kind, counter(meters, scope, kind));
            }
            rejections.put(scope, byKind);
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        PathContainer path = PathContainer.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
        return exempt.stream().anyMatch(pattern -> pattern.matches(path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = CurrentActor.userId().map(Caller::user)
                .orElseGet(() -> Caller.address(request.getRemoteAddr()));
        Optional<Rejection> rejection = limiter.tryAcquire(caller, Kind.of(request.getMethod()));
        if (rejection.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Rejection refused = rejection.get();
        rejections.get(refused.scope()).get(refused.kind()).increment();
        log.debug("Rate limited {} {}: {}", request.getMethod(), request.getRequestURI(), refused.detail());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
        problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, refused.detail());
    }

    /** Registered up front, so dashboards see a zero rather than no series before the first rejection. */
    private static Counter counter(MeterRegistry meters, Scope scope, Kind kind) {
        return Counter.builder(REJECTIONS)
                .description("Requests refused with 429 by the rate limits")
                .tag("scope", scope.tag())
                .tag("kind", kind.tag())
                .register(meters);
    }
}
