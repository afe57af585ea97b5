package dev.sluice.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.DecodeLimits;
import dev.sluice.LimitExceededException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The push decoder and the stream state as a Java caller writes them. */
class SseDecoderJavaTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void lambdaSinkReceivesEventsAsTheyComplete() {
        List<ServerSentEvent> events = new ArrayList<>();
        SseDecoder decoder = new SseDecoder(events::add, new DecodeLimits(), "5");
        decoder.feed(bytes("data: a\n"));
        assertEquals(0, events.size());
        decoder.feed(bytes("\nretry: 250\nid: 6\ndata: b\n\n"));
        decoder.end();
        assertEquals(List.of(new ServerSentEvent("message", "a", "5"), new ServerSentEvent("message", "b", "6")), events);
        assertEquals("6", decoder.getLastEventId());
        assertEquals(250L, decoder.getRetryMillis());
    }

    @Test
    void limitsAreUncheckedAndTyped() {
        SseDecoder decoder = new SseDecoder(e -> { }, new DecodeLimits(16, 4));
        LimitExceededException e = assertThrows(LimitExceededException.class, () -> decoder.feed(bytes("data: 12345\n")));
        assertEquals("maxEventBytes", e.getLimitName());
        assertEquals(10L, e.getOffset());
    }

    @Test
    void streamStateStartsEmptyOrFromAGivenId() {
        SseStreamState fresh = new SseStreamState();
        assertNull(fresh.getLastEventId());
        assertNull(fresh.getRetryMillis());
        SseStreamState resumed = new SseStreamState("9", 2000L);
        assertEquals("9", resumed.getLastEventId());
        assertEquals(2000L, resumed.getRetryMillis());
    }
}
