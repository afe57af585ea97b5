package dev.sluice.stream;

import static dev.sluice.stream.ViewTesting.assertNoThreadLeftBehind;
import static dev.sluice.stream.ViewTesting.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import dev.sluice.http.SluiceHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cancellation from every view closes the connection, for every view (publisher, future,
 * blocking iterator, callbacks) over both transports: a raw loopback flow ({@link LoopbackFlows})
 * and the real HTTP client (Ktor CIO) against the server's HTTP/1.1 flavour, where close-delimited
 * responses that ran to the end must not be kept open either. Each case runs 30 streams in the
 * default tier and 1,000 in the soak tier ({@code @Tag("soak")}, {@code bash .ci/run}), each
 * stopped at a random point (seeded per view; about 10% run to the end), at most 32 at a time.
 * Afterwards the server counts no open connection, no collection of the flow is still running,
 * and no thread is left behind or still running view code.
 */
@Timeout(240)
class CancellationLeakTest {
    /** Streams per case in the default tier and in the soak tier. */
    private static final int DEFAULT_STREAMS = 30;
    private static final int SOAK_STREAMS = 1000;

    private static final int IN_FLIGHT = 32;
    private static final int ELEMENTS = 200;
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private Set<Thread> before;
    private LineServer server;
    private SluiceHttp http;
    private Transport transport;
    private int streams;
    private ExecutorService helpers;
    private final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        before = ViewTesting.liveThreads();
        server = new LineServer();
        helpers = Executors.newFixedThreadPool(IN_FLIGHT + 4);
    }

    @AfterEach
    void stop() throws Exception {
        helpers.shutdownNow();
        server.close();
        if (http != null) http.close();
    }

    enum View { PUBLISHER, FUTURE, BLOCKING, CALLBACKS }

    enum Transport { RAW, HTTP }

    static Stream<Arguments> cases() {
        return Stream.of(View.values()).flatMap(v -> Stream.of(Transport.values()).map(t -> Arguments.of(v, t)));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("cases")
    void cancellationClosesEveryConnection(View view, Transport transport) throws Exception {
        run(view, transport, DEFAULT_STREAMS);
    }

    @Tag("soak")
    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("cases")
    void cancellationClosesEveryConnectionSoak(View view, Transport transport) throws Exception {
        run(view, transport, SOAK_STREAMS);
    }

    private void run(View view, Transport transport, int streams) throws Exception {
        this.transport = transport;
        this.streams = streams;
        if (transport == Transport.HTTP) http = SluiceHttp.create();
        String name = view.name().toLowerCase(java.util.Locale.ROOT) + " over " + transport;
        // The seeds (1 to 4) are those of the four view tests this suite was merged from.
        if (view == View.PUBLISHER) runStreams(name, 1, this::publisherCancel);
        else if (view == View.FUTURE) runStreams(name, 2, this::futureCancelTrue);
        else if (view == View.BLOCKING) runStreams(name, 3, this::blockingClose);
        else runStreams(name, 4, this::callbackCancelOrThrow);
    }

    /** Starts one stream; the future completes when the client side is done with it. */
    private interface StreamRun {
        CompletableFuture<?> start(Random random) throws Exception;
    }

    private void runStreams(String view, long seed, StreamRun run) throws Exception {
        Random random = new Random(seed);
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            assertTrue(slots.tryAcquire(30, TimeUnit.SECONDS), "a stream did not finish within 30 s");
            CompletableFuture<?> done = run.start(random);
            done.whenComplete((v, t) -> slots.release());
            all.add(done);
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        long t1 = System.nanoTime();
        awaitUntil(SETTLE, "open connections back to zero (now " + server.openConnections() + ")",
                () -> server.openConnections() == 0);
        long t2 = System.nanoTime();
        awaitUntil(SETTLE, "no collection left running (now " + LoopbackFlows.active.get() + ")",
                () -> LoopbackFlows.active.get() == 0);
        int accepted = server.acceptedConnections();
        helpers.shutdown();
        assertTrue(helpers.awaitTermination(10, TimeUnit.SECONDS));
        server.close();
        assertNoThreadLeftBehind(before, SETTLE);
        assertEquals(streams, cancelled.get() + completed.get() + failed.get());
        assertEquals(0, failed.get(), "no stream may fail");
        assertTrue(cancelled.get() > streams / 2, "most streams are cancelled: " + cancelled.get());
        System.out.printf("%s: %d streams (%d cancelled, %d ran to the end), %d connections accepted,"
                        + " all done in %d ms, open count zero %d ms later%n",
                view, streams, cancelled.get(), completed.get(), accepted,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    /** A stream stopped early is endless, so only the stop ends it; otherwise ELEMENTS long. */
    private SluiceStream<String> lines(int stopAt) {
        return source(server, stopAt < ELEMENTS ? -1 : ELEMENTS, true);
    }

    /**
     * The stream under test: {@code count} element lines from {@code server} (negative:
     * endless); without {@code end} the server stalls after them.
     */
    private SluiceStream<String> source(LineServer server, long count, boolean end) {
        return transport == Transport.HTTP
                ? http.get(server.httpUrl(count, 0, end)).lines()
                : SluiceStream.of(LoopbackFlows.lines(server.port(), count, 0, end, 0));
    }

    /** Where a stream stops: an element index, or never (about 10% run to completion). */
    private static int stopPoint(Random random) {
        int at = random.nextInt(ELEMENTS + ELEMENTS / 10);
        return at < ELEMENTS ? at : Integer.MAX_VALUE;
    }

    /** The subscriber cancels, in onNext or from another thread, after a random batch size. */
    private CompletableFuture<?> publisherCancel(Random random) {
        int stopAt = stopPoint(random);
        int batch = 1 + random.nextInt(16);
        boolean fromAnotherThread = random.nextBoolean();
        CompletableFuture<Void> done = new CompletableFuture<>();
        lines(stopAt).publisher().subscribe(new Flow.Subscriber<String>() {
            private Flow.Subscription subscription;
            private int seen;

            private void stop() {
                cancelled.incrementAndGet();
                if (fromAnotherThread) {
                    helpers.execute(() -> {
                        subscription.cancel();
                        done.complete(null);
                    });
                } else {
                    subscription.cancel();
                    done.complete(null);
                }
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                if (stopAt == 0) stop();
                else s.request(batch);
            }

            @Override
            public void onNext(String item) {
                seen++;
                if (seen == stopAt) stop();
                else if (seen % batch == 0) subscription.request(batch);
            }

            @Override
            public void onError(Throwable t) {
                failed.incrementAndGet();
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                completed.incrementAndGet();
                done.complete(null);
            }
        });
        return done;
    }

    /** cancel(true) on the future of toList, count or collect, from another thread. */
    private CompletableFuture<?> futureCancelTrue(Random random) {
        int stopAt = stopPoint(random);
        int kind = random.nextInt(3);
        CompletableFuture<Void> reached = new CompletableFuture<>();
        AtomicInteger seen = new AtomicInteger();
        SluiceStream<String> stream = SluiceStream.of(LoopbackFlows.peek(lines(stopAt).asFlow(), item -> {
            if (seen.incrementAndGet() == stopAt) reached.complete(null);
        }));
        CompletableFuture<?> future = kind == 0 ? stream.toList()
                : kind == 1 ? stream.count()
                : stream.collect(Collectors.joining());
        if (stopAt == 0) reached.complete(null);
        reached.thenRunAsync(() -> future.cancel(true), helpers);
        return future.handle((v, t) -> {
            if (future.isCancelled()) cancelled.incrementAndGet();
            else if (t != null) failed.incrementAndGet();
            else completed.incrementAndGet();
            return null;
        });
    }

    /** close() of the iterator or of its Stream, on the reading thread or from another. */
    private CompletableFuture<?> blockingClose(Random random) {
        int stopAt = stopPoint(random);
        int buffer = 1 + random.nextInt(32);
        int how = random.nextInt(3);
        int delayMicros = random.nextInt(2000);
        return CompletableFuture.runAsync(() -> {
            try {
                if (how == 0) {
                    // close() after reading stopAt elements, on the reading thread
                    try (BlockingStream<String> it = lines(stopAt).blocking(buffer)) {
                        int n = 0;
                        while (n < stopAt && it.hasNext()) {
                            it.next();
                            n++;
                        }
                        count(stopAt);
                    }
                } else if (how == 1) {
                    // Stream.close() after taking stopAt elements
                    try (Stream<String> s = lines(stopAt).blocking(buffer).stream()) {
                        s.limit(stopAt).forEach(x -> {});
                        count(stopAt);
                    }
                } else {
                    // another thread closes while this one is (likely) blocked: the server
                    // stalls after stopAt elements
                    BlockingStream<String> it = source(server, Math.min(stopAt, ELEMENTS), false).blocking(buffer);
                    helpers.execute(() -> {
                        sleepMicros(delayMicros);
                        it.close();
                    });
                    while (it.hasNext()) it.next();
                    cancelled.incrementAndGet();
                }
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                throw e;
            }
        }, helpers);
    }

    private void count(int stopAt) {
        if (stopAt < ELEMENTS) cancelled.incrementAndGet();
        else completed.incrementAndGet();
    }

    private static void sleepMicros(int micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cancel inside onNext or from another thread, or a handler that throws. */
    private CompletableFuture<?> callbackCancelOrThrow(Random random) {
        int stopAt = stopPoint(random);
        int how = random.nextInt(3); // 0: cancel inside onNext, 1: from another thread, 2: throw
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicReference<Cancellable> handle = new AtomicReference<>();
        CompletableFuture<Cancellable> registered = new CompletableFuture<>();
        IllegalStateException stop = new IllegalStateException("stop here");
        handle.set(lines(stopAt).subscribe(new StreamHandler<String>() {
            private int seen;

            @Override
            public void onNext(String item) {
                if (++seen != stopAt) return;
                if (how == 2) throw stop;
                cancelled.incrementAndGet();
                if (how == 0) {
                    registered.join().cancel();
                    done.complete(null);
                } else {
                    registered.thenAcceptAsync(c -> {
                        c.cancel();
                        done.complete(null);
                    }, helpers);
                }
            }

            @Override
            public void onComplete() {
                completed.incrementAndGet();
                done.complete(null);
            }

            @Override
            public void onError(Throwable error) {
                if (error == stop) cancelled.incrementAndGet();
                else failed.incrementAndGet();
                done.complete(null);
            }
        }));
        registered.complete(handle.get());
        if (stopAt == 0) {
            cancelled.incrementAndGet();
            handle.get().cancel();
            done.complete(null);
        }
        return done;
    }
}
