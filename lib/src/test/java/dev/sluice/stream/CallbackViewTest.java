package dev.sluice.stream;

import static dev.sluice.stream.ViewTesting.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.HandlerRecorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The callback view, called from Java, over a real loopback stream. */
@Timeout(60)
class CallbackViewTest {
    private static final Duration SOON = Duration.ofSeconds(10);
    private LineServer server;
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private ExecutorService executor;

    @BeforeEach
    void start() throws Exception {
        server = new LineServer();
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "my-callback-thread");
            t.setUncaughtExceptionHandler((th, e) -> uncaught.add(e));
            return t;
        });
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void deliversEveryElementThenCompletesOnceOnTheIoPool() throws Exception {
        HandlerRecorder<String> r = new HandlerRecorder<>();
        SluiceStream.of(LoopbackFlows.lines(server.port(), 100)).subscribe(r);
        r.assertItems(LongStream.range(0, 100).mapToObj(Long::toString).collect(Collectors.toList()));
        r.assertComplete();
        Thread.sleep(50);
        r.assertExhausted();
        assertFalse(r.overlapped);
        assertTrue(r.threads.stream().allMatch(n -> n.startsWith("DefaultDispatcher-worker-")), r.threads.toString());
        awaitUntil(SOON, "connection closed", () -> server.openConnections() == 0);
    }

    @Test
    void callbacksRunOnTheGivenExecutor() throws Exception {
        HandlerRecorder<String> r = new HandlerRecorder<>();
        SluiceStream.of(LoopbackFlows.lines(server.port(), 5)).subscribe(r, executor);
        r.assertItems(List.of("0", "1", "2", "3", "4"));
        r.assertComplete();
        assertTrue(r.threads.stream().allMatch(n -> n.startsWith("my-callback-thread")), r.threads.toString());
    }

    @Test
    void cancellableClosesTheConnectionAndNoTerminalCallbackFollows() throws Exception {
        HandlerRecorder<String> r = new HandlerRecorder<>();
        Cancellable handle = SluiceStream.of(LoopbackFlows.lines(server.port(), -1)).subscribe(r);
        r.awaitItems(3);
        handle.cancel();
        handle.cancel(); // idempotent
        awaitUntil(SOON, "connection closed after cancel", () -> server.openConnections() == 0);
        awaitUntil(SOON, "collection ended", () -> LoopbackFlows.active.get() == 0);
        int seen = r.items.size();
        Thread.sleep(100);
        assertEquals(seen, r.items.size(), "no element after the cancel took effect");
        for (int i = 0; i < seen; i++) r.assertItem(Integer.toString(i));
        r.assertExhausted(); // no terminal callback
    }

    @Test
    void cancelFromInsideOnNextStopsAtThatElement() throws Exception {
        AtomicReference<Cancellable> handle = new AtomicReference<>();
        CountDownLatch registered = new CountDownLatch(1);
        List<String> items = new CopyOnWriteArrayList<>();
        handle.set(SluiceStream.of(LoopbackFlows.lines(server.port(), -1)).subscribe(item -> {
            try {
                registered.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            items.add(item);
            if (items.size() == 4) handle.get().cancel();
        }));
        registered.countDown();
        awaitUntil(SOON, "connection closed after cancel", () -> server.openConnections() == 0);
        Thread.sleep(50);
        assertEquals(List.of("0", "1", "2", "3"), items);
    }

    @Test
    void handlerExceptionCancelsTheStreamAndIsReportedOnceThroughOnError() throws Exception {
        HandlerRecorder<String> r = new HandlerRecorder<>();
        r.throwAt = 3;
        r.toThrow = new IllegalStateException("handler bug");
        SluiceStream.of(LoopbackFlows.lines(server.port(), -1)).subscribe(r);
        r.assertItems(List.of("0", "1", "2"));
        r.assertFailure(r.toThrow);
        awaitUntil(SOON, "connection closed after the handler threw", () -> server.openConnections() == 0);
        Thread.sleep(50);
        r.assertExhausted(); // reported once, no completion
    }

    @Test
    void sourceFailureIsReportedOnceThroughOnError() throws Exception {
        HandlerRecorder<String> r = new HandlerRecorder<>();
        IllegalStateException boom = new IllegalStateException("boom");
        SluiceStream.of(LoopbackFlows.failingAfter(List.of("a", "b"), boom)).subscribe(r);
        r.assertItems(List.of("a", "b"));
        r.assertFailure(boom);
        Thread.sleep(50);
        r.assertExhausted();
    }

    @Test
    void aLambdaHandlersErrorsGoToTheUncaughtHandler() {
        IllegalStateException boom = new IllegalStateException("boom");
        SluiceStream.of(LoopbackFlows.<String>failing(boom)).subscribe(item -> {}, executor);
        awaitUntil(SOON, "uncaught handler called", () -> !uncaught.isEmpty());
        assertEquals(List.of(boom), uncaught);
    }

    @Test
    void anOnErrorThatThrowsIsNotCalledAgain() throws Exception {
        AtomicInteger onErrorCalls = new AtomicInteger();
        RuntimeException inOnError = new RuntimeException("onError bug");
        SluiceStream.of(LoopbackFlows.lines(server.port(), -1)).subscribe(new StreamHandler<String>() {
            @Override
            public void onNext(String item) {
                throw new IllegalStateException("handler bug");
            }

            @Override
            public void onError(Throwable error) {
                onErrorCalls.incrementAndGet();
                throw inOnError;
            }
        }, executor);
        awaitUntil(SOON, "uncaught handler called", () -> !uncaught.isEmpty());
        awaitUntil(SOON, "connection closed", () -> server.openConnections() == 0);
        Thread.sleep(50);
        assertEquals(1, onErrorCalls.get());
        assertEquals(List.of(inOnError), uncaught);
    }
}
