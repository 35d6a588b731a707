package dev.sandstone.command.collab;

import dev.sandstone.api.security.Actor;
import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One client connection: who it is, what it subscribed to, and its outbound queue. Messages are queued without
 * blocking and written in order by one sender at a time, so a slow client never holds up a writer or the other
 * subscribers; a client that lets more than {@code sendBufferLimit} bytes pile up is dropped with close code 1013
 * (try again later), and resynchronises when it reconnects.
 */
final class CollabSession implements LiveDocument.Subscriber {

    private static final Logger log = LoggerFactory.getLogger(CollabSession.class);
    static final CloseStatus TOO_SLOW = new CloseStatus(1013,
            "The connection fell too far behind the document's updates; reconnect to resynchronise");

    final WebSocketSession socket;
    final String clientId;
    private final Actor actor;
    private volatile String src;
    private final Executor sender;
    private final long bufferLimit;
    private final Consumer<LiveDocument> release;
    private final Queue<String> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile boolean closed;
    /** Documents this connection subscribed to, by id. */
    final Map<String, LiveDocument> subscriptions = new ConcurrentHashMap<>();
    /** Presence channels this connection subscribed to, and the last presence it sent on each (channel -> id -> message). */
    final Map<String, Map<String, PresenceChannels.Sent>> presences = new ConcurrentHashMap<>();

    CollabSession(WebSocketSession socket, Actor actor, String clientId, Executor sender, long bufferLimit,
                  ShareDbMessages messages, Consumer<LiveDocument> release) {
        this.socket = socket;
        this.actor = actor;
        this.clientId = clientId;
        this.src = clientId;
        this.sender = sender;
        this.bufferLimit = bufferLimit;
        this.release = release;
    }

    @Override
    public Actor actor() {
        return actor;
    }

    /** The id the client's operations carry: the server's id for it, or the one it had before a reconnect. */
    String src() {
        return src;
    }

    void src(String src) {
        this.src = src;
    }

    @Override
    public void send(String json) {
        if (closed) {
            return;
        }
        if (queuedChars.addAndGet(json.length()) > bufferLimit) {
            // Never close here: this runs under a document's lock, and a close frame waits for a blocked socket.
            closed = true;
            outbound.clear();
            sender.execute(() -> close(TOO_SLOW));
            return;
        }
        outbound.add(json);
        if (sending.compareAndSet(false, true)) {
            sender.execute(this::drain);
        }
    }

    private void drain() {
        do {
            String json;
            while (!closed && (json = outbound.poll()) != null) {
                queuedChars.addAndGet(-json.length());
                try {
                    socket.sendMessage(new TextMessage(json));
                } catch (IOException | RuntimeException e) {
                    log.debug("Could not send to live connection {}", clientId, e);
                    close(CloseStatus.SESSION_NOT_RELIABLE);
                    outbound.clear();
                    sending.set(false);
                    return;
                }
            }
            sending.set(false);
        } while (!closed && !outbound.isEmpty() && sending.compareAndSet(false, true));
    }

    @Override
    public void unsubscribed(LiveDocument document, String errorJson) {
        if (subscriptions.remove(document.id, document)) {
            release.accept(document);
            if (errorJson != null) {
                send(errorJson);
            }
        }
    }

    boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    void close(CloseStatus status) {
        closed = true;
        try {
            socket.close(status);
        } catch (IOException | RuntimeException e) {
            log.debug("Closing live connection {} failed", clientId, e);
        }
    }
}
