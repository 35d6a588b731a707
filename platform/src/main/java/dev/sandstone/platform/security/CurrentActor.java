package dev.sandstone.platform.security;

import dev.sandstone.api.security.Actor;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/** The authenticated caller as an {@link Actor}: {@code sub} is the identity, the roles claim the global roles. */
@Component
public class CurrentActor {

    private final String rolesClaim;

    public CurrentActor(SecurityProperties properties) {
        this.rolesClaim = properties.rolesClaim();
    }

    public Actor get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
            throw new IllegalStateException("No authenticated JWT caller on this thread");
        }
        return fromJwt(jwt, rolesClaim);
    }

    /** The authenticated caller's id (the JWT {@code sub}) on this thread, if the request carried a valid token. */
    public static Optional<String> userId() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Jwt jwt
                ? Optional.ofNullable(jwt.getSubject())
                : Optional.empty();
    }

    static Actor fromJwt(Jwt jwt, String rolesClaim) {
        Object claim = jwt.getClaims().get(rolesClaim);
        Set<String> roles = claim instanceof Collection<?> values
                ? values.stream().map(String::valueOf).collect(Collectors.toSet())
                : Set.of();
        return new Actor(jwt.getSubject(), roles);
    }
}
