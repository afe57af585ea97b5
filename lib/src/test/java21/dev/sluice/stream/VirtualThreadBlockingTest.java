package dev.sluice.stream;

import static dev.sluice.stream.ViewTesting.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The blocking view on virtual threads (compiled for Java 21, run on JDK 21+ only, with two
 * carrier threads that may not grow: see the jdk21-tests profile in lib/pom.xml).
 *
 * <p>The server writes nothing until all 1,000 connections are open, and a connection is opened
 * by a consumer's first hasNext(): so all 1,000 virtual threads must be parked inside hasNext() at
 * the same time. If waiting there pinned the carrier, two blocked consumers would take both
 * carriers, the other 998 could never run, and the test would time out.
 */
@Timeout(180)
class VirtualThreadBlockingTest {
    private static final int STREAMS = 1000;
    private static final int ELEMENTS = 20;

    @Test
    void thousandConcurrentBlockingStreamsOnVirtualThreadsAllComplete() throws Exception {
        List<String> pinnedInViews = new CopyOnWriteArrayList<>();
        try (RecordingStream pins = new RecordingStream();
                ExecutorService serverThreads = Executors.newVirtualThreadPerTaskExecutor();
                LineServer server = new LineServer(0, STREAMS, serverThreads)) {
            pins.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            pins.onEvent("jdk.VirtualThreadPinned", e -> {
                String frames = frames(e);
                if (frames.contains("dev.sluice.internal.stream")) pinnedInViews.add(frames);
            });
            // Waiting for another thread to load or initialize a class pins a virtual thread (a
            // JDK limitation, once per class): warm the classes up before recording pins.
            warmUp();
            pins.startAsync();

            long t0 = System.nanoTime();
            List<Future<Integer>> results = new ArrayList<>();
            try (ExecutorService consumers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < STREAMS; i++) {
                    results.add(consumers.submit(() -> {
                        assertTrue(Thread.currentThread().isVirtual());
                        int n = 0;
                        try (BlockingStream<String> it =
                                SluiceStream.of(LoopbackFlows.lines(server.port(), ELEMENTS)).blocking(4)) {
                            while (it.hasNext()) {
                                assertEquals(Integer.toString(n), it.next());
                                n++;
                            }
                        }
                        return n;
                    }));
                }
                for (Future<Integer> result : results) assertEquals(ELEMENTS, result.get(120, TimeUnit.SECONDS));
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(STREAMS, server.acceptedConnections());
            awaitUntil(Duration.ofSeconds(30), "open connections back to zero", () -> server.openConnections() == 0);
            System.out.printf("virtual threads: %d blocking streams of %d elements, all open at once, done in %d ms"
                    + " on %s carriers%n", STREAMS, ELEMENTS, millis,
                    System.getProperty("jdk.virtualThreadScheduler.parallelism", "default"));
            pins.stop();
        }
        assertTrue(pinnedInViews.isEmpty(), "virtual threads pinned in view code:\n" + String.join("\n\n", pinnedInViews));
    }

    private static void warmUp() throws Exception {
        try (LineServer server = new LineServer();
                ExecutorService consumers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> counts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                counts.add(consumers.submit(() -> {
                    try (BlockingStream<String> it = SluiceStream.of(LoopbackFlows.lines(server.port(), 3)).blocking(1)) {
                        return it.stream().count();
                    }
                }));
            }
            for (Future<Long> c : counts) assertEquals(3L, c.get(60, TimeUnit.SECONDS));
        }
    }

    private static String frames(RecordedEvent e) {
        if (e.getStackTrace() == null) return "";
        return e.getStackTrace().getFrames().stream()
                .map(RecordedFrame::getMethod)
                .map(m -> m.getType().getName() + "." + m.getName())
                .collect(Collectors.joining("\n  "));
    }
}
