package dev.sluice.samples.views;

import dev.sluice.DecodeLimits;
import dev.sluice.sse.ServerSentEvent;
import dev.sluice.sse.SseFlows;
import dev.sluice.stream.SluiceStream;
import java.nio.charset.StandardCharsets;
import kotlinx.coroutines.flow.FlowKt;

/**
 * The source the view samples read: Server-Sent Events decoded from bytes that arrive in pieces
 * (an event is split across two chunks). With the HTTP client, the same views sit on a request.
 */
public final class SampleStreams {
    private SampleStreams() {}

    /** Five events, {@code token 0} to {@code token 4}, then the end of the stream. */
    public static SluiceStream<ServerSentEvent> tokens() {
        byte[] first = ("data: token 0\n\ndata: token 1\n\ndata: tok").getBytes(StandardCharsets.UTF_8);
        byte[] second = ("en 2\n\ndata: token 3\n\ndata: token 4\n\n").getBytes(StandardCharsets.UTF_8);
        return SluiceStream.of(SseFlows.decodeSse(FlowKt.flowOf(first, second), new DecodeLimits()));
    }
}
