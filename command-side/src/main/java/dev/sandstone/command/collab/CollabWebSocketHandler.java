package dev.sandstone.command.collab;

import dev.sandstone.api.security.Actor;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/** The WebSocket edge of the live channel: one {@link CollabSession} per connection, messages to the protocol. */
final class CollabWebSocketHandler extends TextWebSocketHandler {

    static final String SESSION = CollabSession.class.getName();

    private final ShareDbProtocol protocol;
    private final ShareDbMessages messages;
    private final Executor sender;
    private final long bufferLimit;
    private final int maxMessageSize;
    private final long sendTimeoutMillis;
    private final AtomicInteger open = new AtomicInteger();

    CollabWebSocketHandler(ShareDbProtocol protocol, ShareDbMessages messages, Executor sender, long bufferLimit,
                           int maxMessageSize, long sendTimeoutMillis) {
        this.protocol = protocol;
        this.messages = messages;
        this.sender = sender;
        this.bufferLimit = bufferLimit;
        this.maxMessageSize = maxMessageSize;
        this.sendTimeoutMillis = sendTimeoutMillis;
    }

    int openSessions() {
        return open.get();
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) {
        Actor actor = (Actor) socket.getAttributes().get(CollabAuthentication.ACTOR);
        String clientId = UUID.randomUUID().toString().replace("-", "");
        CollabSession[] holder = new CollabSession[1];
        CollabSession session = new CollabSession(socket, actor, clientId, sender, bufferLimit, messages,
                document -> protocol.released(holder[0], document));
        holder[0] = session;
        socket.getAttributes().put(SESSION, session);
        // Larger messages close the connection with 1009 (too big).
        socket.setTextMessageSizeLimit(maxMessageSize);
        if (socket instanceof NativeWebSocketSession nativeSession
                && nativeSession.getNativeSession() instanceof jakarta.websocket.Session container) {
            // A send to a client that stopped reading gives up after this long (Tomcat's default is 20 s).
            container.getUserProperties().put("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT", sendTimeoutMillis);
        }
        open.incrementAndGet();
        protocol.opened(session);
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
        CollabSession session = (CollabSession) socket.getAttributes().get(SESSION);
        if (session != null && !session.closed()) {
            protocol.receive(session, message.getPayload());
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        CollabSession session = (CollabSession) socket.getAttributes().remove(SESSION);
        if (session != null) {
            open.decrementAndGet();
            protocol.closed(session);
        }
    }

    @Override
    public void handleTransportError(WebSocketSession socket, Throwable exception) {
        // afterConnectionClosed follows and releases the session.
    }
}
