package dev.sandstone.command.collab;

import dev.sandstone.api.document.DocumentRole;
import dev.sandstone.api.document.TextDelta;
import dev.sandstone.api.document.event.DocumentContentEdited;
import dev.sandstone.api.security.Actor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One document as the live channel of this instance sees it: the state at {@link State#version}, the last few
 * committed operations, the connections subscribed to it and the acknowledgements it owes. Versions only move forward,
 * one at a time, under {@link #lock}; whoever learns of version v+1 first (the submit that committed it, or the tail of
 * the event store) applies it, broadcasts it to every subscriber but its author and acknowledges it to its author.
 * Sends are queued per connection, so the order in which they are made here is the order in which clients see them.
 */
final class LiveDocument {

    /** What the live channel needs of a document: its text and who may see it. Changed only by {@link LiveEvents}. */
    static final class State {
        long version;
        /** The inline text; null when the document does not exist, is gone or is stored in chunks. */
        String text;
        boolean chunked;
        boolean archived;
        boolean gone;
        String owner;
        final Map<String, DocumentRole> members = new HashMap<>();
    }

    /** An event as read from the event store. */
    record StoredEvent(Object payload, long sequence, Map<String, ?> metaData) {
    }

    interface Subscriber {
        Actor actor();

        /** Queues a raw JSON message; never blocks. */
        void send(String json);

        /** The server stopped this connection's subscription (access lost, document gone or too large). */
        void unsubscribed(LiveDocument document, String errorJson);
    }

    final String id;
    final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final State state = new State();
    private final ArrayDeque<Committed> recent = new ArrayDeque<>();
    private final int capacity;
    private final Set<Subscriber> subscribers = new LinkedHashSet<>();
    private final Map<String, PendingAck> pendingAcks = new HashMap<>();
    private final ShareDbMessages messages;
    private boolean loaded;
    /** Registry bookkeeping: how many users (subscriptions, submits in flight) hold this document. */
    int holders;

    record PendingAck(Subscriber subscriber, String ackJson) {
    }

    LiveDocument(String id, int capacity, ShareDbMessages messages) {
        this.id = id;
        this.capacity = capacity;
        this.messages = messages;
    }

    // ---- loading (caller holds the lock) ----------------------------------------------------------------------------

    boolean loaded() {
        return loaded;
    }

    /** Folds the document's whole stream; keeps the last {@code capacity} operations. Caller holds the lock. */
    void load(Iterable<StoredEvent> events) {
        State fresh = new State();
        ArrayDeque<Committed> ops = new ArrayDeque<>();
        for (StoredEvent event : events) {
            ops.addLast(LiveEvents.apply(fresh, event.payload(), event.sequence(), event.metaData()));
            if (ops.size() > capacity) {
                ops.removeFirst();
            }
        }
        copy(fresh, state);
        recent.clear();
        recent.addAll(ops);
        loaded = true;
        advanced.signalAll();
    }

    private static void copy(State from, State to) {
        to.version = from.version;
        to.text = from.text;
        to.chunked = from.chunked;
        to.archived = from.archived;
        to.gone = from.gone;
        to.owner = from.owner;
        to.members.clear();
        to.members.putAll(from.members);
    }

    // ---- reading (caller holds the lock) ----------------------------------------------------------------------------

    long version() {
        return state.version;
    }

    String text() {
        return state.text;
    }

    boolean exists() {
        return state.version > 0 && !state.gone;
    }

    boolean chunked() {
        return state.chunked;
    }

    /** Admins and auditors see every document; anyone else needs a role on it. */
    boolean visibleTo(Actor actor) {
        return exists() && (actor.canViewEverything() || LiveEvents.roleOf(state, actor.userId()) != null);
    }

    /** Waits (releasing the lock) until this instance has seen {@code version}; false after {@code timeout}. */
    boolean awaitVersion(long version, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        while (state.version < version && !state.gone) {
            if (remaining <= 0) {
                return false;
            }
            remaining = advanced.awaitNanos(remaining);
        }
        return state.version >= version || state.gone;
    }

    /** Waits until the version moves past {@code version}. */
    void awaitAfter(long version, Duration timeout) throws InterruptedException {
        awaitVersion(version + 1, timeout);
    }

    /** The operations committed after {@code version}, oldest first; null if they are older than this memory. */
    List<Committed> since(long version) {
        if (version >= state.version) {
            return List.of();
        }
        Committed oldest = recent.peekFirst();
        if (oldest == null || oldest.version() > version + 1) {
            return null;
        }
        List<Committed> result = new ArrayList<>((int) (state.version - version));
        for (Committed committed : recent) {
            if (committed.version() > version) {
                result.add(committed);
            }
        }
        return result;
    }

    // ---- subscribers (caller holds the lock) ------------------------------------------------------------------------

    void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    boolean unsubscribe(Subscriber subscriber) {
        pendingAcks.values().removeIf(pending -> pending.subscriber() == subscriber);
        return subscribers.remove(subscriber);
    }

    boolean isSubscribed(Subscriber subscriber) {
        return subscribers.contains(subscriber);
    }

    Set<Subscriber> subscribers() {
        return Set.copyOf(subscribers);
    }

    void expectAck(String src, long seq, Subscriber subscriber, String ackJson) {
        pendingAcks.put(src + '\u0000' + seq, new PendingAck(subscriber, ackJson));
    }

    void forgetAck(String src, long seq) {
        pendingAcks.remove(src + '\u0000' + seq);
    }

    // ---- advancing (caller holds the lock) --------------------------------------------------------------------------

    /**
     * The submit that committed {@code version} applies it, unless the tail was faster. {@code delta} is exactly what
     * the aggregate applied.
     */
    void committedHere(long version, TextDelta delta, String src, long seq) {
        if (state.version != version - 1) {
            return;
        }
        advance(LiveEvents.apply(state, new DocumentContentEdited(id, delta), version - 1,
                Map.of(LiveEvents.META_SRC, src, LiveEvents.META_SEQ, seq)));
    }

    /**
     * An event from the tail of the event store. Older than what is known: ignored. The next one: applied. Further
     * ahead (a version was missed): false, and the caller reloads the document.
     */
    boolean fromStream(StoredEvent event) {
        long version = event.sequence() + 1;
        if (!loaded || version <= state.version) {
            return true;
        }
        if (version > state.version + 1) {
            return false;
        }
        advance(LiveEvents.apply(state, event.payload(), event.sequence(), event.metaData()));
        return true;
    }

    /** After a reload: subscribers get the versions they missed (from memory), or lose a document they may not see. */
    void reloaded(long previousVersion) {
        List<Committed> missed = since(previousVersion);
        if (missed != null) {
            for (Committed committed : missed) {
                String broadcast = messages.op(id, committed);
                subscribers.forEach(subscriber -> subscriber.send(broadcast));
            }
        }
        for (Subscriber subscriber : subscribers()) {
            if (!visibleTo(subscriber.actor())) {
                drop(subscriber, messages.noSuchDocument(id));
            }
        }
    }

    private void advance(Committed committed) {
        recent.addLast(committed);
        while (recent.size() > capacity) {
            recent.removeFirst();
        }
        PendingAck ack = pendingAcks.remove(committed.src() + '\u0000' + committed.seq());
        String broadcast = messages.op(id, committed);
        for (Subscriber subscriber : subscribers) {
            if (ack == null || subscriber != ack.subscriber()) {
                subscriber.send(broadcast);
            }
        }
        if (ack != null) {
            ack.subscriber().send(ack.ackJson());
        }
        switch (committed.kind()) {
            case END -> {
                for (Subscriber subscriber : subscribers()) {
                    subscribers.remove(subscriber);
                    subscriber.unsubscribed(this, null);
                }
                pendingAcks.clear();
            }
            case STORED -> {
                for (Subscriber subscriber : subscribers()) {
                    drop(subscriber, messages.tooLargeForLiveEditing(id));
                }
            }
            case EDIT -> {
                // A role change may have taken a subscriber's access away.
                for (Subscriber subscriber : subscribers()) {
                    if (!visibleTo(subscriber.actor())) {
                        drop(subscriber, messages.noSuchDocument(id));
                    }
                }
            }
        }
        advanced.signalAll();
    }

    private void drop(Subscriber subscriber, String errorJson) {
        unsubscribe(subscriber);
        subscriber.unsubscribed(this, errorJson);
    }
}
