package dev.sluice.stream;

import static dev.sluice.stream.ViewTesting.assertStaysBelow;
import static dev.sluice.stream.ViewTesting.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.PublisherRecorder;
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
        PublisherRecorder<String> sub = new PublisherRecorder<>();
        SluiceStream.of(LoopbackFlows.lines(server.port(), 100)).publisher().subscribe(sub);
        for (int i = 0; i < 34; i++) sub.request(3);
        sub.assertItems(LongStream.range(0, 100).mapToObj(Long::toString).collect(Collectors.toList()));
        sub.assertComplete();
        sub.assertExhausted();
        assertFalse(sub.overlapped, "signals overlapped");
        awaitUntil(SOON, "connection closed after completion", () -> server.openConnections() == 0);
    }

    @Test
    void signalsComeFromTheSharedIoPoolByDefault() throws Exception {
        PublisherRecorder<String> sub = new PublisherRecorder<>();
        SluiceStream.of(LoopbackFlows.lines(server.port(), 5)).publisher().subscribe(sub);
        sub.request(Long.MAX_VALUE);
        sub.assertItems(List.of("0", "1", "2", "3", "4"));
        sub.assertComplete();
        assertTrue(sub.threads.stream().allMatch(n -> n.startsWith("DefaultDispatcher-worker-")), sub.threads.toString());
    }

    @Test
    void signalsComeFromTheGivenExecutor() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-subscriber-thread"));
        try {
            PublisherRecorder<String> sub = new PublisherRecorder<>();
            SluiceStream.of(LoopbackFlows.lines(server.port(), 5)).publisher(executor).subscribe(sub);
            sub.request(2);
            sub.assertItems(List.of("0", "1"));
            sub.request(10);
            sub.assertItems(List.of("2", "3", "4"));
            sub.assertComplete();
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
        PublisherRecorder<String> sub = new PublisherRecorder<>();
        SluiceStream.of(LoopbackFlows.lines(server.port(), elements, size, true, 4096)).publisher().subscribe(sub);
        sub.request(1);
        sub.assertItem("0");
        long written = assertStaysBelow(1024 * 1024, Duration.ofMillis(500), Duration.ofSeconds(10), server::bytesWritten);
        assertEquals(1, sub.items.size());
        assertTrue(written < 1024 * 1024,
                "the server wrote " + written + " of " + elements * size + " bytes for one requested element");
        System.out.printf("publisher backpressure: server wrote %d bytes of a %d-byte body for request(1)%n",
                written, elements * size);
        sub.cancel();
        awaitUntil(SOON, "collection ended after cancel", () -> LoopbackFlows.active.get() == 0);
        awaitUntil(SOON, "connection closed after cancel", () -> server.openConnections() == 0);
        sub.assertExhausted();
    }

    @Test
    void cancelClosesTheConnectionAndStopsSignals() throws Exception {
        PublisherRecorder<String> sub = new PublisherRecorder<>();
        SluiceStream.of(LoopbackFlows.lines(server.port(), -1)).publisher().subscribe(sub);
        sub.request(3);
        sub.assertItems(List.of("0", "1", "2"));
        awaitUntil(SOON, "connection open", () -> server.openConnections() == 1);
        sub.subscription.cancel();
        sub.subscription.cancel(); // idempotent
        awaitUntil(SOON, "connection closed after cancel", () -> server.openConnections() == 0);
        sub.subscription.request(5); // a no-op after cancel
        Thread.sleep(100);
        assertEquals(3, sub.items.size());
        sub.assertExhausted();
    }

    @Test
    void nonPositiveRequestSignalsIllegalArgumentAndClosesTheConnection() throws Exception {
        PublisherRecorder<String> sub = new PublisherRecorder<>();
        SluiceStream.of(LoopbackFlows.lines(server.port(), -1)).publisher().subscribe(sub);
        sub.request(1);
        sub.assertItem("0");
        sub.request(0);
        IllegalArgumentException error = sub.assertFailure(IllegalArgumentException.class);
        assertTrue(error.getMessage().contains("3.9"), error.getMessage());
        sub.assertExhausted();
        awaitUntil(SOON, "connection closed", () -> server.openConnections() == 0);
    }

    @Test
    void sourceFailureArrivesOnceThroughOnErrorAfterTheElementsBeforeIt() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        PublisherRecorder<String> sub = new PublisherRecorder<>();
        SluiceStream.of(LoopbackFlows.failingAfter(List.of("a", "b"), boom)).publisher().subscribe(sub);
        sub.request(10);
        sub.assertItems(List.of("a", "b"));
        sub.assertFailure(boom);
        Thread.sleep(50);
        sub.assertExhausted();
    }

    @Test
    void refusedConnectionIsSignalledWithoutDemand() throws Exception {
        PublisherRecorder<String> sub = new PublisherRecorder<>();
        SluiceStream.of(LoopbackFlows.lines(ViewTesting.closedPort(), 1)).publisher().subscribe(sub);
        sub.assertFailure(java.net.ConnectException.class);
        sub.assertExhausted();
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
        PublisherRecorder<String> sub = new PublisherRecorder<>() {
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
            sub.assertItems(List.of("0", "1"));
            sub.assertExhausted(); // no onError for a subscriber that threw (rule 2.13), no onComplete
        } finally {
            executor.shutdownNow();
            assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void everySubscriptionIsItsOwnRun() throws Exception {
        Flow.Publisher<String> publisher = SluiceStream.of(LoopbackFlows.lines(server.port(), 3)).publisher();
        PublisherRecorder<String> first = new PublisherRecorder<>();
        PublisherRecorder<String> second = new PublisherRecorder<>();
        publisher.subscribe(first);
        publisher.subscribe(second);
        first.request(10);
        second.request(10);
        first.assertItems(List.of("0", "1", "2"));
        first.assertComplete();
        second.assertItems(List.of("0", "1", "2"));
        second.assertComplete();
        assertEquals(2, server.acceptedConnections());
    }

    @Test
    void emptyStreamCompletesWithoutDemand() throws Exception {
        PublisherRecorder<String> sub = new PublisherRecorder<>();
        SluiceStream.of(LoopbackFlows.lines(server.port(), 0)).publisher().subscribe(sub);
        sub.assertComplete();
        sub.assertExhausted();
    }
}
