package dev.sluice.stream;

import static dev.sluice.stream.ViewTesting.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The CompletableFuture views, called from Java, over a real loopback stream. */
@Timeout(60)
class FutureViewTest {
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

    private SluiceStream<String> lines(long count) {
        return SluiceStream.of(LoopbackFlows.lines(server.port(), count));
    }

    @Test
    void toListCollectsEveryElementInOrderIntoAnUnmodifiableList() throws Exception {
        List<String> list = lines(100).toList().get(10, TimeUnit.SECONDS);
        assertEquals(LongStream.range(0, 100).mapToObj(Long::toString).collect(Collectors.toList()), list);
        assertThrows(UnsupportedOperationException.class, () -> list.add("x"));
        awaitUntil(SOON, "connection closed", () -> server.openConnections() == 0);
    }

    @Test
    void countCountsEveryElement() throws Exception {
        assertEquals(1000L, lines(1000).count().get(10, TimeUnit.SECONDS));
    }

    @Test
    void collectTakesAnyCollector() throws Exception {
        assertEquals("0,1,2,3", lines(4).collect(Collectors.joining(",")).get(10, TimeUnit.SECONDS));
    }

    @Test
    void firstReturnsTheFirstElementAndClosesTheConnection() throws Exception {
        assertEquals("0", lines(-1).first().get(10, TimeUnit.SECONDS));
        awaitUntil(SOON, "connection closed after the first element", () -> server.openConnections() == 0);
    }

    @Test
    void firstOfAnEmptyStreamFailsWithNoSuchElement() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> lines(0).first().get(10, TimeUnit.SECONDS));
        assertInstanceOf(NoSuchElementException.class, e.getCause());
    }

    @Test
    void failureCompletesExceptionallyWithTheOriginalException() {
        IllegalStateException boom = new IllegalStateException("boom");
        SluiceStream<String> failing = SluiceStream.of(LoopbackFlows.failingAfter(List.of("a"), boom));
        ExecutionException viaGet = assertThrows(ExecutionException.class, () -> failing.toList().get(10, TimeUnit.SECONDS));
        assertSame(boom, viaGet.getCause());
        CompletionException viaJoin = assertThrows(CompletionException.class, () -> failing.count().join());
        assertSame(boom, viaJoin.getCause());
        Throwable seen = failing.first().handle((v, t) -> t).join();
        assertEquals(null, seen, "first() succeeds before the failure");
    }

    @Test
    void checkedFailureIsKeptAsIs() {
        IOException io = new IOException("refused");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> SluiceStream.<String>of(LoopbackFlows.failing(io)).toList().get(10, TimeUnit.SECONDS));
        assertSame(io, e.getCause());
    }

    @Test
    void cancelTrueClosesTheConnection() throws Exception {
        CountDownLatch fiveSeen = new CountDownLatch(5);
        CompletableFuture<List<String>> future =
                SluiceStream.of(LoopbackFlows.peek(LoopbackFlows.lines(server.port(), -1), s -> fiveSeen.countDown())).toList();
        assertTrue(fiveSeen.await(10, TimeUnit.SECONDS));
        assertTrue(future.cancel(true));
        assertTrue(future.isCancelled());
        assertThrows(CancellationException.class, future::join);
        awaitUntil(SOON, "connection closed after cancel(true)", () -> server.openConnections() == 0);
        awaitUntil(SOON, "collection ended", () -> LoopbackFlows.active.get() == 0);
    }

    @Test
    void eachFutureIsItsOwnRun() throws Exception {
        SluiceStream<String> stream = lines(3);
        assertEquals(3L, stream.count().get(10, TimeUnit.SECONDS));
        assertEquals(List.of("0", "1", "2"), stream.toList().get(10, TimeUnit.SECONDS));
        assertEquals(2, server.acceptedConnections());
    }
}
