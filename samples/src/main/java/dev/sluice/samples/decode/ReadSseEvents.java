package dev.sluice.samples.decode;

import dev.sluice.sse.ServerSentEvent;
import dev.sluice.sse.SseDecoder;
import dev.sluice.sse.SseEventReader;
import dev.sluice.sse.SseViewDecoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/** Java: Server-Sent Events from an InputStream, and the push decoder. */
public final class ReadSseEvents {
    private ReadSseEvents() {}

    static void readAll(InputStream body) {
        // snippet:begin read-sse-events
        try (SseEventReader events = new SseEventReader(body)) {
            while (events.hasNext()) {
                ServerSentEvent event = events.next();
                System.out.println(event.getType() + ": " + event.getData());
            }
            System.out.println("last event id: " + events.getLastEventId());
        }
        // snippet:end
    }

    static void push(byte[] bytes) {
        // snippet:begin push-decoder
        SseDecoder decoder = new SseDecoder(event -> System.out.println(event.getData()));
        decoder.feed(bytes);
        decoder.end();
        // snippet:end
    }

    /** Zero-copy: each event's data bytes written to {@code out}, one per line, never decoded. */
    static void relayData(byte[] bytes, OutputStream out) {
        // snippet:begin zero-copy-decoder
        WritableByteChannel channel = Channels.newChannel(out);
        SseViewDecoder decoder = new SseViewDecoder(event -> {
            try {
                channel.write(event.data()); // a read-only view, valid only during this call
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        decoder.feed(bytes);
        decoder.end();
        // snippet:end
    }

    public static void main(String[] args) {
        byte[] stream = "event: greeting\nid: 7\ndata: hello\n\n".getBytes(StandardCharsets.UTF_8);
        readAll(new ByteArrayInputStream(stream));
        push(stream);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        relayData(stream, out);
        System.out.print(new String(out.toByteArray(), StandardCharsets.UTF_8));
    }
}
