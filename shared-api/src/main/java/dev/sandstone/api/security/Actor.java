package dev.sandstone.api.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who asks: the token's {@code sub} and its global roles. Travels with every command and event as
 * message metadata ({@link #toMetaData()}), so aggregates decide access and projections record the actor.
 */
public record Actor(String userId, Set<String> roles) {

    public static final String ADMIN = "admin";
    public static final String AUDITOR = "auditor";
    public static final String META_ACTOR = "actor";
    public static final String META_ACTOR_ROLES = "actorRoles";

    public Actor {
        Objects.requireNonNull(userId, "userId");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public static Actor user(String userId) {
        return new Actor(userId, Set.of());
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    /** Auditors read everything and write nothing (unless they are also admins). */
    public boolean isReadOnly() {
        return roles.contains(AUDITOR) && !isAdmin();
    }

    public boolean canViewEverything() {
        return isAdmin() || roles.contains(AUDITOR);
    }

    public Map<String, Object> toMetaData() {
        return Map.of(META_ACTOR, userId, META_ACTOR_ROLES, List.copyOf(roles.stream().sorted().toList()));
    }

    /** Reads the actor back from message metadata; an absent actor is {@code system}. */
    public static Actor fromMetaData(Map<String, ?> metaData) {
        Object id = metaData.get(META_ACTOR);
        Object roles = metaData.get(META_ACTOR_ROLES);
        Set<String> roleSet = roles instanceof Collection<?> c
                ? c.stream().map(String::valueOf).collect(Collectors.toSet())
                : Set.of();
        return new Actor(id == null ? "system" : id.toString(), roleSet);
    }
}
