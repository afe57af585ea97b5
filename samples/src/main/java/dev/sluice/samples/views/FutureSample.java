package dev.sluice.samples.views;

import dev.sluice.sse.ServerSentEvent;
import dev.sluice.stream.SluiceStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** Java: terminal results as CompletableFutures. */
public final class FutureSample {
    private FutureSample() {}

    /** Every event's data joined by spaces, through a Collector. */
    public static String joined() {
        SluiceStream<ServerSentEvent> stream = SampleStreams.tokens();
        CompletableFuture<List<ServerSentEvent>> all = stream.toList();
        CompletableFuture<Long> count = stream.count(); // each future is its own run
        System.out.println(all.join().size() + " events, counted " + count.join());
        return stream.collect(Collectors.mapping(ServerSentEvent::getData, Collectors.joining(" "))).join();
    }

    /** cancel(true) stops the run (for HTTP: closes the connection): here an endless stream. */
    public static boolean cancelled() {
        CompletableFuture<List<ServerSentEvent>> future = SluiceStream.of(Ticks.ticks(10)).toList();
        future.cancel(true);
        return future.isCancelled();
    }

    public static void main(String[] args) {
        System.out.println(joined());
        System.out.println("cancelled: " + cancelled());
    }
}
