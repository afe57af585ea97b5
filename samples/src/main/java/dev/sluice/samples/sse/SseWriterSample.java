package dev.sluice.samples.sse;

import dev.sluice.sse.SseEvent;
import dev.sluice.sse.SseWriter;
import java.io.OutputStream;
import java.time.Duration;

/** Java, server side: events written to a response's OutputStream, flushed one by one. */
public final class SseWriterSample {
    private SseWriterSample() {}

    /** Writes a delta and a done event to {@code out} (a servlet's or any server's response body). */
    public static void writeAnswer(OutputStream out) {
        // snippet:begin sse-writer
        try (SseWriter sse = new SseWriter(out, Duration.ofSeconds(15))) { // keep-alive comments
            sse.event("delta", "Hello", "1");
            sse.write(SseEvent.builder().type("done").id("2").data("").retry(Duration.ofSeconds(3)).build());
        }
        // snippet:end
    }

    public static void main(String[] args) {
        writeAnswer(System.out);
    }
}
