package dev.sluice.sse;

import org.jspecify.annotations.Nullable;
import dev.sluice.DecodeLimits;
import dev.sluice.InputReadException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Reads the Server-Sent Events of an {@link InputStream} one at a time, blocking in
 * {@link #hasNext()} until an event is complete or the stream ends.
 *
 * <pre>{@code
 * try (SseEventReader events = new SseEventReader(inputStream)) {
 *     while (events.hasNext()) {
 *         ServerSentEvent event = events.next();
 *     }
 * }
 * }</pre>
 *
 * <p>Decoding follows the WHATWG algorithm exactly (see {@link SseDecoder}); an unterminated
 * final event is discarded at end of stream. {@link #getLastEventId()} and
 * {@link #getRetryMillis()} follow the events returned so far, so after a failure they are what a
 * reconnection should send and wait. Errors are unchecked: an {@link IOException} from the stream
 * becomes an {@link InputReadException}; a line or event over the limits a
 * {@link dev.sluice.LimitExceededException}, raised only after the events before it were returned.
 *
 * <p>Not thread-safe. {@link #close()} closes the stream; it does not interrupt a blocked read
 * unless the stream's own {@code close()} does.
 */
public final class SseEventReader implements Iterator<ServerSentEvent>, AutoCloseable {
    private static final int READ_BUFFER_BYTES = 8192;

    private final InputStream in;
    private final SseDecoder decoder;
    private final ArrayDeque<Dispatched> ready = new ArrayDeque<>();
    private final byte[] buffer = new byte[READ_BUFFER_BYTES];
    private RuntimeException failure;
    private boolean eof;
    private boolean closed;
    private String lastEventId;
    private Long retryMillis;

    /** Reads {@code in} with the default {@link DecodeLimits}. */
    public SseEventReader(InputStream in) {
        this(in, new DecodeLimits(), null);
    }

    public SseEventReader(InputStream in, DecodeLimits limits) {
        this(in, limits, null);
    }

    /**
     * @param lastEventId the last event ID to start from (as sent in {@code Last-Event-ID} when
     *     reconnecting), or {@code null}
     */
    public SseEventReader(InputStream in, DecodeLimits limits, @Nullable String lastEventId) {
        this.in = Objects.requireNonNull(in, "in");
        this.decoder = new SseDecoder(this::dispatched, Objects.requireNonNull(limits, "limits"), lastEventId);
        this.lastEventId = lastEventId;
    }

    private void dispatched(ServerSentEvent event) {
        ready.add(new Dispatched(event, decoder.getRetryMillis()));
    }

    /** Blocks until an event is ready (true) or the stream ended (false). */
    @Override
    public boolean hasNext() {
        while (ready.isEmpty()) {
            if (failure != null) {
                RuntimeException e = failure;
                failure = null;
                eof = true;
                throw e;
            }
            if (eof || closed) return false;
            fill();
        }
        return true;
    }

    @Override
    public ServerSentEvent next() {
        if (!hasNext()) throw new NoSuchElementException("no more events");
        Dispatched next = ready.poll();
        lastEventId = next.event.getId();
        if (next.retryMillis != null) retryMillis = next.retryMillis;
        if (ready.isEmpty()) syncState();
        return next.event;
    }

    /** The last event ID as of the events returned so far; {@code null} until one was set. */
    public @Nullable String getLastEventId() {
        return lastEventId;
    }

    /** The reconnection time (ms) the stream asked for as of the events returned so far, or {@code null}. */
    public @Nullable Long getRetryMillis() {
        return retryMillis;
    }

    /** Closes the underlying stream. Idempotent; later {@link #hasNext()} returns false. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        ready.clear();
        try {
            in.close();
        } catch (IOException e) {
            throw new InputReadException("closing the SSE input stream failed: " + e.getMessage(), e);
        }
    }

    private void fill() {
        int n;
        try {
            n = in.read(buffer, 0, buffer.length);
        } catch (IOException e) {
            if (closed) {
                eof = true;
                return;
            }
            failure = new InputReadException("reading the SSE input stream failed after "
                    + decoder.getBytesFed() + " bytes: " + e.getMessage(), e);
            return;
        }
        try {
            if (n < 0) {
                eof = true;
                decoder.end();
            } else {
                decoder.feed(buffer, 0, n);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        if (ready.isEmpty()) syncState();
    }

    private void syncState() {
        lastEventId = decoder.getLastEventId();
        Long retry = decoder.getRetryMillis();
        if (retry != null) retryMillis = retry;
    }

    private static final class Dispatched {
        final ServerSentEvent event;
        final Long retryMillis;

        Dispatched(ServerSentEvent event, Long retryMillis) {
            this.event = event;
            this.retryMillis = retryMillis;
        }
    }
}
