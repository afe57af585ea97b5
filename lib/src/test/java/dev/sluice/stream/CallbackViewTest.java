package dev.sluice.stream;

import static dev.sluice.stream.ViewTesting.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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

    /** Records callbacks; can be told to throw from onNext at one element. */
    static class Recorder implements StreamHandler<String> {
        final List<String> items = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final AtomicInteger completions = new AtomicInteger();
        final AtomicInteger inside = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean overlapped;
        volatile int throwAt = -1;
        volatile RuntimeException toThrow;

        private void enter() {
            if (inside.incrementAndGet() != 1) overlapped = true;
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void onNext(String item) {
            enter();
            try {
                items.add(item);
                if (items.size() == throwAt) throw toThrow;
            } finally {
                inside.decrementAndGet();
            }
        }

        @Override
        public void onComplete() {
            enter();
            completions.incrementAndGet();
            inside.decrementAndGet();
            done.countDown();
        }

        @Override
        public void onError(Throwable error) {
            enter();
            errors.add(error);
            inside.decrementAndGet();
            done.countDown();
        }

        void awaitDone() throws InterruptedException {
            assertTrue(done.await(10, TimeUnit.SECONDS), "no terminal callback");
        }
    }

    @Test
    void deliversEveryElementThenCompletesOnceOnTheIoPool() throws Exception {
        Recorder r = new Recorder();
        SluiceStream.of(LoopbackFlows.lines(server.port(), 100)).subscribe(r);
        r.awaitDone();
        Thread.sleep(50);
        assertEquals(100, r.items.size());
        assertEquals("99", r.items.get(99));
        assertEquals(1, r.completions.get());
        assertTrue(r.errors.isEmpty());
        assertFalse(r.overlapped);
        assertTrue(r.threads.stream().allMatch(n -> n.startsWith("DefaultDispatcher-worker-")), r.threads.toString());
        awaitUntil(SOON, "connection closed", () -> server.openConnections() == 0);
    }

    @Test
    void callbacksRunOnTheGivenExecutor() throws Exception {
        Recorder r = new Recorder();
        SluiceStream.of(LoopbackFlows.lines(server.port(), 5)).subscribe(r, executor);
        r.awaitDone();
        assertEquals(5, r.items.size());
        assertTrue(r.threads.stream().allMatch(n -> n.startsWith("my-callback-thread")), r.threads.toString());
    }

    @Test
    void cancellableClosesTheConnectionAndNoTerminalCallbackFollows() throws Exception {
        Recorder r = new Recorder();
        Cancellable handle = SluiceStream.of(LoopbackFlows.lines(server.port(), -1)).subscribe(r);
        awaitUntil(SOON, "some elements", () -> r.items.size() >= 3);
        handle.cancel();
        handle.cancel(); // idempotent
        awaitUntil(SOON, "connection closed after cancel", () -> server.openConnections() == 0);
        awaitUntil(SOON, "collection ended", () -> LoopbackFlows.active.get() == 0);
        int seen = r.items.size();
        Thread.sleep(100);
        assertEquals(seen, r.items.size(), "no element after the cancel took effect");
        assertEquals(0, r.completions.get());
        assertTrue(r.errors.isEmpty());
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
        Recorder r = new Recorder();
        r.throwAt = 3;
        r.toThrow = new IllegalStateException("handler bug");
        SluiceStream.of(LoopbackFlows.lines(server.port(), -1)).subscribe(r);
        r.awaitDone();
        awaitUntil(SOON, "connection closed after the handler threw", () -> server.openConnections() == 0);
        Thread.sleep(50);
        assertEquals(1, r.errors.size());
        assertSame(r.toThrow, r.errors.get(0));
        assertEquals(3, r.items.size());
        assertEquals(0, r.completions.get());
    }

    @Test
    void sourceFailureIsReportedOnceThroughOnError() throws Exception {
        Recorder r = new Recorder();
        IllegalStateException boom = new IllegalStateException("boom");
        SluiceStream.of(LoopbackFlows.failingAfter(List.of("a", "b"), boom)).subscribe(r);
        r.awaitDone();
        Thread.sleep(50);
        assertEquals(List.of("a", "b"), r.items);
        assertEquals(List.of(boom), r.errors);
        assertEquals(0, r.completions.get());
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
