package dev.sluice.stream;

import static dev.sluice.stream.ViewTesting.assertStaysBelow;
import static dev.sluice.stream.ViewTesting.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Flow.Publisher view, called from Java, over a real loopback stream. */
@Timeout(60)
class PublisherViewTest {
    private static final Duration SOON = Duration.ofSeconds(10);
    private LineServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LineServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void deliversEveryElementInOrderThenCompletesOnce() throws Exception {
        RecordingSubscriber<String> sub = new RecordingSubscriber<>();
        SluiceStream.of(LoopbackFlows.lines(server.port(), 100)).publisher().subscribe(sub);
        for (int i = 0; i < 34; i++) sub.request(3);
        sub.awaitTermination();
        List<String> expected = LongStream.range(0, 100).mapToObj(Long::toString).collect(Collectors.toList());
        assertEquals(expected, sub.items);
        assertEquals(1, sub.completions.get());
        assertTrue(sub.errors.isEmpty());
        assertFalse(sub.overlapped, "signals overlapped");
        awaitUntil(SOON, "connection closed after completion", () -> server.openConnections() == 0);
    }

    @Test
    void signalsComeFromTheSharedIoPoolByDefault() throws Exception {
        RecordingSubscriber<String> sub = new RecordingSubscriber<>();
        SluiceStream.of(LoopbackFlows.lines(server.port(), 5)).publisher().subscribe(sub);
        sub.request(Long.MAX_VALUE);
        sub.awaitTermination();
        assertTrue(sub.threads.stream().allMatch(n -> n.startsWith("DefaultDispatcher-worker-")), sub.threads.toString());
    }

    @Test
    void signalsComeFromTheGivenExecutor() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-subscriber-thread"));
        try {
            RecordingSubscriber<String> sub = new RecordingSubscriber<>();
            SluiceStream.of(LoopbackFlows.lines(server.port(), 5)).publisher(executor).subscribe(sub);
            sub.request(2);
            sub.awaitItems(2);
            sub.request(10);
            sub.awaitTermination();
            assertEquals(5, sub.items.size());
            assertTrue(sub.threads.stream().allMatch(n -> n.startsWith("my-subscriber-thread")), sub.threads.toString());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void requestingOneElementDoesNotReadTheWholeBody() throws Exception {
        server.close();
        server = new LineServer(4096, 0, null);
        long elements = 65_536;
        int size = 1024; // a 64 MiB body
        RecordingSubscriber<String> sub = new RecordingSubscriber<>(1);
        SluiceStream.of(LoopbackFlows.lines(server.port(), elements, size, true, 4096)).publisher().subscribe(sub);
        sub.request(1);
        sub.awaitItems(1);
        long written = assertStaysBelow(1024 * 1024, Duration.ofMillis(500), Duration.ofSeconds(10), server::bytesWritten);
        assertEquals(1, sub.items.size());
        assertTrue(written < 1024 * 1024,
                "the server wrote " + written + " of " + elements * size + " bytes for one requested element");
        System.out.printf("publisher backpressure: server wrote %d bytes of a %d-byte body for request(1)%n",
                written, elements * size);
        sub.subscription.cancel();
        awaitUntil(SOON, "collection ended after cancel", () -> LoopbackFlows.active.get() == 0);
        awaitUntil(SOON, "connection closed after cancel", () -> server.openConnections() == 0);
        assertEquals(0, sub.completions.get());
    }

    @Test
    void cancelClosesTheConnectionAndStopsSignals() throws Exception {
        RecordingSubscriber<String> sub = new RecordingSubscriber<>(3);
        SluiceStream.of(LoopbackFlows.lines(server.port(), -1)).publisher().subscribe(sub);
        sub.request(3);
        sub.awaitItems(3);
        awaitUntil(SOON, "connection open", () -> server.openConnections() == 1);
        sub.subscription.cancel();
        sub.subscription.cancel(); // idempotent
        awaitUntil(SOON, "connection closed after cancel", () -> server.openConnections() == 0);
        sub.subscription.request(5); // a no-op after cancel
        Thread.sleep(100);
        assertEquals(3, sub.items.size());
        assertEquals(0, sub.completions.get());
        assertTrue(sub.errors.isEmpty());
    }

    @Test
    void nonPositiveRequestSignalsIllegalArgumentAndClosesTheConnection() throws Exception {
        RecordingSubscriber<String> sub = new RecordingSubscriber<>(1);
        SluiceStream.of(LoopbackFlows.lines(server.port(), -1)).publisher().subscribe(sub);
        sub.request(1);
        sub.awaitItems(1);
        sub.request(0);
        sub.awaitTermination();
        assertEquals(1, sub.errors.size());
        assertInstanceOf(IllegalArgumentException.class, sub.errors.get(0));
        assertTrue(sub.errors.get(0).getMessage().contains("3.9"), sub.errors.get(0).getMessage());
        awaitUntil(SOON, "connection closed", () -> server.openConnections() == 0);
    }

    @Test
    void sourceFailureArrivesOnceThroughOnErrorAfterTheElementsBeforeIt() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        RecordingSubscriber<String> sub = new RecordingSubscriber<>();
        SluiceStream.of(LoopbackFlows.failingAfter(List.of("a", "b"), boom)).publisher().subscribe(sub);
        sub.request(10);
        sub.awaitTermination();
        Thread.sleep(50);
        assertEquals(List.of("a", "b"), sub.items);
        assertEquals(List.of(boom), sub.errors);
        assertEquals(0, sub.completions.get());
    }

    @Test
    void refusedConnectionIsSignalledWithoutDemand() throws Exception {
        RecordingSubscriber<String> sub = new RecordingSubscriber<>();
        SluiceStream.of(LoopbackFlows.lines(ViewTesting.closedPort(), 1)).publisher().subscribe(sub);
        sub.awaitTermination();
        assertEquals(1, sub.errors.size());
        assertInstanceOf(java.net.ConnectException.class, sub.errors.get(0));
    }

    @Test
    void subscriberThatThrowsIsCancelledAndItsErrorGoesToTheUncaughtHandler() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "throwing-subscriber");
            t.setUncaughtExceptionHandler((th, e) -> uncaught.add(e));
            return t;
        });
        RuntimeException bug = new RuntimeException("subscriber bug");
        RecordingSubscriber<String> sub = new RecordingSubscriber<>() {
            @Override
            public void onNext(String item) {
                super.onNext(item);
                if (items.size() == 2) throw bug;
            }
        };
        try {
            SluiceStream.of(LoopbackFlows.lines(server.port(), -1)).publisher(executor).subscribe(sub);
            sub.request(Long.MAX_VALUE);
            awaitUntil(SOON, "uncaught handler called", () -> !uncaught.isEmpty());
            awaitUntil(SOON, "connection closed", () -> server.openConnections() == 0);
            assertEquals(List.of(bug), uncaught);
            assertEquals(2, sub.items.size());
            assertTrue(sub.errors.isEmpty(), "no onError for a subscriber that threw (rule 2.13)");
            assertEquals(0, sub.completions.get());
        } finally {
            executor.shutdownNow();
            assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void everySubscriptionIsItsOwnRun() throws Exception {
        Flow.Publisher<String> publisher = SluiceStream.of(LoopbackFlows.lines(server.port(), 3)).publisher();
        RecordingSubscriber<String> first = new RecordingSubscriber<>();
        RecordingSubscriber<String> second = new RecordingSubscriber<>();
        publisher.subscribe(first);
        publisher.subscribe(second);
        first.request(10);
        second.request(10);
        first.awaitTermination();
        second.awaitTermination();
        assertEquals(List.of("0", "1", "2"), first.items);
        assertEquals(List.of("0", "1", "2"), second.items);
        assertEquals(2, server.acceptedConnections());
    }

    @Test
    void emptyStreamCompletesWithoutDemand() throws Exception {
        RecordingSubscriber<String> sub = new RecordingSubscriber<>();
        SluiceStream.of(LoopbackFlows.lines(server.port(), 0)).publisher().subscribe(sub);
        sub.awaitTermination();
        assertEquals(1, sub.completions.get());
        assertSame(0, sub.items.size());
    }
}
