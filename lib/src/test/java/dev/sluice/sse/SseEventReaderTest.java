package dev.sluice.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.DecodeLimits;
import dev.sluice.InputReadException;
import dev.sluice.LimitExceededException;
import dev.sluice.SluiceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class SseEventReaderTest {
    private static InputStream input(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void iteratesEventsInOrderWithTryWithResources() {
        List<String> data = new ArrayList<>();
        try (SseEventReader events = new SseEventReader(input("event: add\ndata: 1\n\n: keep-alive\ndata: 2\n\n"))) {
            while (events.hasNext()) {
                ServerSentEvent event = events.next();
                data.add(event.getType() + "=" + event.getData());
            }
            assertThrows(NoSuchElementException.class, events::next);
        }
        assertEquals(List.of("add=1", "message=2"), data);
    }

    @Test
    void lastEventIdAndRetryFollowTheEventsReturned() {
        try (SseEventReader events = new SseEventReader(input("retry: 5\nid: a\ndata: 1\n\nretry: 9\nid: b\ndata: 2\n\nid: c\n\n"))) {
            assertNull(events.getLastEventId());
            assertEquals("1", events.next().getData());
            assertEquals("a", events.getLastEventId(), "event 2 is decoded but not yet returned");
            assertEquals(5L, events.getRetryMillis());
            assertEquals("2", events.next().getData());
            assertEquals("c", events.getLastEventId(), "the id-only block after the last event commits");
            assertEquals(9L, events.getRetryMillis());
            assertFalse(events.hasNext());
        }
    }

    @Test
    void startsFromAGivenLastEventId() {
        try (SseEventReader events = new SseEventReader(input("data: x\n\n"), new DecodeLimits(), "42")) {
            assertEquals("42", events.next().getId());
        }
    }

    @Test
    void ioErrorsAreUncheckedAndComeAfterTheEventsBeforeThem() {
        InputStream failing = new InputStream() {
            private final InputStream first = input("data: ok\n\n");

            @Override
            public int read() throws IOException {
                int b = first.read();
                if (b < 0) throw new IOException("connection reset");
                return b;
            }
        };
        try (SseEventReader events = new SseEventReader(failing)) {
            assertEquals("ok", events.next().getData());
            InputReadException e = assertThrows(InputReadException.class, events::hasNext);
            assertTrue(e instanceof SluiceException);
            assertEquals("connection reset", e.getCause().getMessage());
            assertFalse(events.hasNext(), "a failed reader is finished");
        }
    }

    @Test
    void limitErrorsComeAfterTheEventsBeforeThem() {
        try (SseEventReader events = new SseEventReader(input("data: a\n\ndata: 0123456789\n\n"), new DecodeLimits().withMaxEventBytes(4))) {
            assertEquals("a", events.next().getData());
            LimitExceededException e = assertThrows(LimitExceededException.class, events::hasNext);
            assertEquals("maxEventBytes", e.getLimitName());
            assertEquals(4, e.getLimitValue());
        }
    }

    @Test
    void closeClosesTheStreamOnceAndEndsIteration() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream("data: a\n\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                assertFalse(closed.getAndSet(true), "closed twice");
            }
        };
        SseEventReader events = new SseEventReader(in);
        events.close();
        events.close();
        assertTrue(closed.get());
        assertFalse(events.hasNext());
    }

    @Test
    void usableAsAnIterator() {
        SseEventReader events = new SseEventReader(input("data: a\n\ndata: b\n\n"));
        List<String> data = new ArrayList<>();
        events.forEachRemaining(e -> data.add(e.getData()));
        assertEquals(List.of("a", "b"), data);
        assertSame(events, (AutoCloseable) events);
    }
}
