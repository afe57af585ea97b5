package dev.sluice.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.DecodeLimits;
import dev.sluice.LimitExceededException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The zero-copy decoder as a Java caller writes it: a lambda, a ByteBuffer, getters. */
class SseViewDecoderJavaTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void lambdaReadsTheDataAsAByteBuffer() {
        List<String> seen = new ArrayList<>();
        SseViewDecoder decoder = new SseViewDecoder(event -> {
            ByteBuffer data = event.data();
            seen.add(event.getType() + "/" + event.getId() + "/" + StandardCharsets.UTF_8.decode(data));
        }, new DecodeLimits(), "5");
        decoder.feed(bytes("event: delta\ndata: h\u00e9\n\nid: 6\ndata: b\n\n"));
        decoder.end();
        assertEquals(List.of("delta/5/h\u00e9", "message/6/b"), seen);
        assertEquals("6", decoder.getLastEventId());
        assertEquals(39L, decoder.getBytesFed());
    }

    @Test
    void limitsAreTheSameUncheckedException() {
        SseViewDecoder decoder = new SseViewDecoder(e -> { }, new DecodeLimits(16, 4));
        LimitExceededException e = assertThrows(LimitExceededException.class, () -> decoder.feed(bytes("data: 12345\n")));
        assertEquals("maxEventBytes", e.getLimitName());
        assertEquals(10L, e.getOffset());
    }
}
