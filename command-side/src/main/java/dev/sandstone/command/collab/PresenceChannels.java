package dev.sandstone.command.collab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ShareDB presence on this instance: who listens on which channel ({@code documents.<id>} for a document's cursors),
 * and relaying a connection's presence to the others. Presence is ephemeral and never stored.
 */
final class PresenceChannels {

    /** The last presence a connection sent under one presence id, to announce its departure when it goes. */
    record Sent(ObjectNode message, long pv) {
    }

    private final Map<String, Set<CollabSession>> listeners = new ConcurrentHashMap<>();

    void subscribe(String channel, CollabSession session) {
        listeners.computeIfAbsent(channel, key -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void unsubscribe(String channel, CollabSession session) {
        listeners.computeIfPresent(channel, (key, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    boolean isSubscribed(String channel, CollabSession session) {
        Set<CollabSession> sessions = listeners.get(channel);
        return sessions != null && sessions.contains(session);
    }

    /** Sends to every listener of the channel but {@code from}. */
    void relay(String channel, CollabSession from, String json) {
        Set<CollabSession> sessions = listeners.get(channel);
        if (sessions != null) {
            for (CollabSession session : sessions) {
                if (session != from) {
                    session.send(json);
                }
            }
        }
    }

    static String channelOf(String documentId) {
        return ShareDbMessages.COLLECTION + "." + documentId;
    }

    /** The document id of a document presence channel, or null. */
    static String documentOf(String channel) {
        String prefix = ShareDbMessages.COLLECTION + ".";
        return channel != null && channel.startsWith(prefix) ? channel.substring(prefix.length()) : null;
    }
}
