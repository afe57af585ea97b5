package dev.sluice.stream;

import static dev.sluice.stream.ViewTesting.assertStaysBelow;
import static dev.sluice.stream.ViewTesting.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.SluiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.sluice.testing.IteratorRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocking iterator view, called from Java, over a real loopback stream. */
@Timeout(60)
class BlockingViewTest {
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

    private SluiceStream<String> lines(long count, boolean end) {
        return SluiceStream.of(LoopbackFlows.lines(server.port(), count, 0, end, 0));
    }

    @Test
    void forEachLoopReadsEveryElementOnceAndASecondIterationIsRefused() {
        List<String> seen = new ArrayList<>();
        try (BlockingStream<String> lines = lines(20, true).blocking()) {
            for (String line : lines) seen.add(line);
            assertThrows(IllegalStateException.class, lines::iterator);
        }
        assertEquals(20, seen.size());
        assertEquals("19", seen.get(19));
        awaitUntil(SOON, "connection closed", () -> server.openConnections() == 0);
    }

    @Test
    void iteratesEveryElementInOrderInTryWithResources() {
        List<String> seen = new ArrayList<>();
        try (BlockingStream<String> it = lines(50, true).blocking()) {
            while (it.hasNext()) seen.add(it.next());
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
        }
        assertEquals(50, seen.size());
        assertEquals("49", seen.get(49));
        awaitUntil(SOON, "connection closed", () -> server.openConnections() == 0);
    }

    @Test
    void theRunStartsAtTheFirstHasNext() throws Exception {
        try (BlockingStream<String> it = lines(3, true).blocking()) {
            Thread.sleep(200);
            assertEquals(0, server.acceptedConnections(), "no request before the first hasNext()");
            assertTrue(it.hasNext());
            assertEquals(1, server.acceptedConnections());
        }
    }

    @Test
    void closingTheJavaStreamClosesTheConnection() {
        List<String> firstThree;
        try (Stream<String> s = lines(-1, true).blocking().stream()) {
            firstThree = s.limit(3).collect(Collectors.toList());
            awaitUntil(SOON, "connection open", () -> server.openConnections() == 1);
        }
        assertEquals(List.of("0", "1", "2"), firstThree);
        awaitUntil(SOON, "connection closed by Stream.close()", () -> server.openConnections() == 0);
        awaitUntil(SOON, "collection ended", () -> LoopbackFlows.active.get() == 0);
    }

    @Test
    void closeFromAnotherThreadEndsABlockedHasNext() throws Exception {
        BlockingStream<String> it = lines(1, false).blocking();
        IteratorRecorder<String> reader = IteratorRecorder.drain(it);
        reader.assertItem("0");
        awaitUntil(SOON, "reader blocked in hasNext()", reader::isReaderWaiting);
        it.close();
        reader.assertComplete(); // a closed stream ends iteration: hasNext() is false
        reader.assertExhausted();
        reader.join();
        assertThrows(NoSuchElementException.class, it::next);
        awaitUntil(SOON, "connection closed", () -> server.openConnections() == 0);
    }

    @Test
    void closeFromAnotherThreadMakesABlockedNextThrowNoSuchElement() throws Exception {
        BlockingStream<String> it = lines(0, false).blocking();
        Thread consumer = Thread.currentThread();
        CompletableFuture<Void> closer = CompletableFuture.runAsync(() -> {
            awaitUntil(SOON, "connection open", () -> server.openConnections() == 1);
            awaitUntil(SOON, "consumer blocked", () -> consumer.getState() == Thread.State.WAITING
                    || consumer.getState() == Thread.State.TIMED_WAITING);
            it.close();
        });
        NoSuchElementException e = assertThrows(NoSuchElementException.class, it::next);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        closer.get(10, TimeUnit.SECONDS);
        awaitUntil(SOON, "connection closed", () -> server.openConnections() == 0);
    }

    @Test
    void uncheckedSourceFailureIsRethrownAsIsAfterTheElementsBeforeIt() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (BlockingStream<String> it = SluiceStream.of(LoopbackFlows.failingAfter(List.of("a", "b"), boom)).blocking()) {
            assertEquals("a", it.next());
            assertEquals("b", it.next());
            assertSame(boom, assertThrows(IllegalStateException.class, it::hasNext));
            assertSame(boom, assertThrows(IllegalStateException.class, it::hasNext), "thrown again, never a silent end");
        }
    }

    @Test
    void checkedSourceFailuresAreWrappedUnchecked() {
        IOException io = new IOException("reset");
        try (BlockingStream<String> it = SluiceStream.<String>of(LoopbackFlows.failing(io)).blocking()) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, it::hasNext);
            assertSame(io, e.getCause());
        }
        Exception other = new Exception("checked");
        try (BlockingStream<String> it = SluiceStream.<String>of(LoopbackFlows.failing(other)).blocking()) {
            SluiceException e = assertThrows(SluiceException.class, it::next);
            assertSame(other, e.getCause());
        }
    }

    @Test
    void refusedConnectionIsThrownFromHasNext() {
        try (BlockingStream<String> it = SluiceStream.of(LoopbackFlows.lines(ViewTesting.closedPort(), 1)).blocking()) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, it::hasNext);
            assertInstanceOf(java.net.ConnectException.class, e.getCause());
        }
    }

    @Test
    void interruptingABlockedReaderClosesTheStream() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagKept = new AtomicReference<>();
        BlockingStream<String> it = lines(0, false).blocking();
        Thread reader = new Thread(() -> {
            try {
                it.hasNext();
            } catch (Throwable t) {
                thrown.set(t);
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        }, "blocked-reader");
        reader.start();
        awaitUntil(SOON, "connection open", () -> server.openConnections() == 1);
        awaitUntil(SOON, "reader blocked", () -> reader.getState() == Thread.State.WAITING
                || reader.getState() == Thread.State.TIMED_WAITING);
        reader.interrupt();
        reader.join(10_000);
        assertInstanceOf(SluiceException.class, thrown.get());
        assertInstanceOf(InterruptedException.class, thrown.get().getCause());
        assertTrue(flagKept.get(), "the interrupt flag is kept");
        assertFalse(it.hasNext(), "closed after the interrupt");
        awaitUntil(SOON, "connection closed", () -> server.openConnections() == 0);
    }

    @Test
    void boundedBufferStopsReadingWhenTheConsumerWaits() throws Exception {
        server.close();
        server = new LineServer(4096, 0, null);
        long elements = 65_536;
        int size = 1024; // a 64 MiB body
        try (BlockingStream<String> it =
                SluiceStream.of(LoopbackFlows.lines(server.port(), elements, size, true, 4096)).blocking(16)) {
            assertEquals("0", it.next());
            long written = assertStaysBelow(1024 * 1024, Duration.ofMillis(500), Duration.ofSeconds(10), server::bytesWritten);
            assertTrue(written < 1024 * 1024,
                    "the server wrote " + written + " of " + elements * size + " bytes with a 16-element buffer");
            System.out.printf("blocking backpressure: server wrote %d bytes of a %d-byte body, buffer 16 x %d bytes%n",
                    written, elements * size, size);
        }
        awaitUntil(SOON, "connection closed", () -> server.openConnections() == 0);
    }

    @Test
    void bufferSizeMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> lines(1, true).blocking(0));
    }
}
