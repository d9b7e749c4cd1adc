package io.driftless.api.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftless.api.config.EventsConfig;
import io.driftless.api.events.RevisionEvent;
import io.driftless.api.events.RevisionEvents;
import io.driftless.api.events.RevisionFeed;
import io.driftless.api.events.RevisionNotice;

/**
 * The open event streams. Fed by {@link RevisionFeed}'s LISTEN notifications, so changes made by any
 * process appear, each once. One thread sends everything (events and heartbeats), so the events of a
 * stream never interleave and arrive in the order the database told them; each change is looked up
 * once, whatever the number of streams.
 *
 * <p>A plain set of sinks rather than JAX-RS's SseBroadcaster, because each stream filters by repository.
 */
@ApplicationScoped
public class EventStreams {

    private static final Logger LOG = Logger.getLogger(EventStreams.class);

    /**
     * One open stream: {@code repository} keeps one repository's changes (null: all), {@code environment}
     * one environment's (null: all); {@code visible} is the caller's scope (lower-case owner/name; null:
     * every repository).
     *
     * <p>A stream is in the set from the moment it is opened, but only the request's thread writes to it
     * until its first bytes (the headers and a comment) are out; changes meanwhile are held and sent once
     * the sending thread starts it. {@code started} and {@code held} are touched only on the sending thread.
     */
    private static final class Stream {
        final SseEventSink sink;
        final Sse sse;
        final String repository;
        final UUID environment;
        final Set<String> visible;
        boolean started;
        final List<OutboundSseEvent> held = new ArrayList<>();

        Stream(SseEventSink sink, Sse sse, String repository, UUID environment, Set<String> visible) {
            this.sink = sink;
            this.sse = sse;
            this.repository = repository;
            this.environment = environment;
            this.visible = visible;
        }

        boolean wants(RevisionEvent changed) {
            return (repository == null || repository.equalsIgnoreCase(changed.repository()))
                    && (environment == null || environment.equals(changed.environmentId()))
                    && (visible == null
                            || visible.contains(changed.repository().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final RevisionEvents events;
    private final ObjectMapper mapper;
    private final ScheduledExecutorService sender;
    private final Runnable unsubscribe;

    public EventStreams(RevisionFeed feed, RevisionEvents events, ObjectMapper mapper, EventsConfig config) {
        this.events = events;
        this.mapper = mapper;
        this.sender = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "driftless-event-streams");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.heartbeat().toMillis();
        sender.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        this.unsubscribe = feed.subscribe(notice -> sender.execute(() -> publish(notice)));
    }

    /**
     * Opens a stream; {@code repository} (owner/name) keeps only that repository's changes, null keeps all;
     * {@code visible} limits it to the caller's repositories (null: no limit).
     */
    public void open(SseEventSink sink, Sse sse, String repository, Set<String> visible) {
        open(sink, sse, repository, null, visible);
    }

    /**
     * As {@link #open(SseEventSink, Sse, String, Set)}, keeping only one environment's changes when
     * {@code environment} is not null: an environment's page refreshes on its own changes, not on every
     * change of the repository.
     */
    public void open(SseEventSink sink, Sse sse, String repository, UUID environment, Set<String> visible) {
        Stream stream = new Stream(sink, sse, repository, environment, visible);
        // in the set first, so no change committed from now on is missed: until started, they are held
        streams.add(stream);
        // The first bytes go out on this, the request's, thread: the headers then a comment, so the client
        // knows it is subscribed. Not on the sending thread: the framework writes the headers itself once
        // this method returns unless they are out already, and two threads writing them raced ("Response
        // head already sent"), which silently dropped the stream and left a page waiting for ever.
        try {
            sink.send(sse.newEventBuilder().comment("subscribed").build());
        } catch (RuntimeException e) {
            streams.remove(stream);
            LOG.debugf("an event stream closed before it opened: %s", e.getMessage());
            return;
        }
        sender.execute(() -> {
            stream.started = true;
            for (OutboundSseEvent held : stream.held) {
                send(stream, held);
            }
            stream.held.clear();
        });
    }

    /** How many streams are open, for tests and metrics. */
    public int open() {
        return streams.size();
    }

    private void publish(RevisionNotice notice) {
        if (streams.isEmpty()) {
            return;
        }
        RevisionEvent event;
        String json;
        try {
            event = events.describe(notice).orElse(null);
            if (event == null) {
                return;
            }
            json = mapper.writeValueAsString(event);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("could not describe the change of revision %s: %s", notice.revisionId(), e.getMessage());
            return;
        }
        String id = Long.toString(ids.incrementAndGet());
        for (Stream stream : streams) {
            if (stream.wants(event)) {
                OutboundSseEvent changed = stream.sse.newEventBuilder()
                        .name(RevisionEvent.NAME)
                        .id(id)
                        .data(String.class, json)
                        .build();
                if (stream.started) {
                    send(stream, changed);
                } else {
                    stream.held.add(changed);
                }
            }
        }
    }

    private void heartbeat() {
        for (Stream stream : streams) {
            if (stream.started) {
                send(stream, stream.sse.newEventBuilder().comment("heartbeat").build());
            }
        }
    }

    private void send(Stream stream, OutboundSseEvent event) {
        if (stream.sink.isClosed()) {
            streams.remove(stream);
            return;
        }
        try {
            stream.sink.send(event).whenComplete((ok, failure) -> {
                if (failure != null) {
                    // the client went away
                    streams.remove(stream);
                    stream.sink.close();
                }
            });
        } catch (RuntimeException e) {
            // whatever it was, the stream is ended rather than left open and silent: a client that sees it
            // end reconnects and catches up, a client left connected would wait for ever
            LOG.warnf("ending an event stream that could not be sent to: %s", e.toString());
            streams.remove(stream);
            try {
                stream.sink.close();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }

    /**
     * Ends every open stream, as a restart or a proxy would: their clients reconnect by themselves (an
     * EventSource does) and must catch up on what they missed. For tests of that, and to shed streams.
     */
    public void disconnectAll() {
        // on the sending thread, so no event is half-sent when its stream ends
        sender.execute(() -> {
            for (Stream stream : streams) {
                streams.remove(stream);
                stream.sink.close();
            }
        });
    }

    @PreDestroy
    void close() {
        unsubscribe.run();
        sender.shutdownNow();
        for (Stream stream : streams) {
            stream.sink.close();
        }
    }
}
