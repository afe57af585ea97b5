package dev.sluice.stream;

import static dev.sluice.stream.ViewTesting.assertStaysBelow;
import static dev.sluice.stream.ViewTesting.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.http.SluiceHttp;
import dev.sluice.testing.PublisherRecorder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Backpressure through the real HTTP client: a subscriber that requests one line of a 64 MiB
 * body and waits, or a blocking reader that takes one line and waits, must not make the server
 * send the body. Ktor's own buffers read ahead a little (its channel holds about 1 MiB), so the
 * bound is 16 MiB (a quarter of the body); about 4-6 MiB were measured.
 * Cancelling (or closing) the view with the buffers full then closes the connection, at the
 * client's next network activity: Ktor CIO 3.6.1 closes the socket, but the JDK defers the close
 * until the selector runs again, and it idles when nothing is pending (pinned in
 * {@code HttpCancellationTest}).
 */
@Timeout(60)
class HttpBackpressureTest {
    private static final long ELEMENTS = 65_536;
    private static final int SIZE = 1024;
    private static final long BODY = ELEMENTS * SIZE;
    private static final long BOUND = 16L * 1024 * 1024;
    /**
     * How long the server's count is watched: without backpressure the client would pull the bound
     * in well under a second even on a loaded machine, so 2 s can tell. With backpressure the count
     * stops within about 100 ms, then creeps on by 8 KiB every ~40 ms (the kernel growing the full
     * receive buffer: about 200 KB/s, 65 s to the bound); growing by at most 256 KiB in 200 ms ends
     * the watch sooner. A client pulling the body grows it by megabytes in that time.
     */
    private static final Duration QUIET = Duration.ofMillis(200);
    private static final long CREEP = 256 * 1024;
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private LineServer server;
    private SluiceHttp http;

    @BeforeEach
    void start() throws Exception {
        server = new LineServer(4096, 0, null);
        http = SluiceHttp.create();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        server.close();
    }

    @Test
    void publisherRequestingOneLineDoesNotPullTheBody() throws Exception {
        PublisherRecorder<String> sub = new PublisherRecorder<>();
        http.get(server.httpUrl(ELEMENTS, SIZE, true)).lines().publisher().subscribe(sub);
        sub.request(1);
        sub.awaitItems(1);
        long written = assertStaysBelow(BOUND, QUIET, CREEP, WINDOW, server::bytesWritten);
        System.out.printf("HTTP publisher backpressure: server wrote %d of %d bytes for request(1)%n", written, BODY);
        assertEquals(1, sub.items.size());
        assertTrue(written < BOUND, "server wrote " + written + " of " + BODY);
        sub.subscription.cancel();
        assertClosedAfterNextActivity("cancel");
    }

    @Test
    void blockingReaderTakingOneLineDoesNotPullTheBody() throws Exception {
        try (BlockingStream<String> it = http.get(server.httpUrl(ELEMENTS, SIZE, true)).lines().blocking()) {
            assertTrue(it.next().startsWith("0"));
            long written = assertStaysBelow(BOUND, QUIET, CREEP, WINDOW, server::bytesWritten);
            System.out.printf("HTTP blocking backpressure: server wrote %d of %d bytes, buffer %d lines%n",
                    written, BODY, SluiceStream.DEFAULT_BLOCKING_BUFFER);
            assertTrue(written < BOUND, "server wrote " + written + " of " + BODY);
        }
        assertClosedAfterNextActivity("close");
    }

    private void assertClosedAfterNextActivity(String what) throws Exception {
        assertEquals(2, http.get(server.httpUrl(2, 8, true)).lines().toList().get(10, java.util.concurrent.TimeUnit.SECONDS).size());
        awaitUntil(Duration.ofSeconds(10), "connection closed after " + what, () -> server.openConnections() == 0);
    }
}
