package dev.sluice.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.RawServer;
import dev.sluice.testing.Request;
import dev.sluice.sse.ServerSentEvent;
import dev.sluice.stream.BlockingStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Java call sites of the HTTP facade: what a Java user writes, compiled by javac. */
@Timeout(30)
class SluiceHttpJavaTest {
    @TempDir
    File dir;

    private static RawServer endless() {
        return new RawServer(ex -> {
            ex.startChunked(200, "application/octet-stream");
            byte[] piece = new byte[4096];
            while (true) {
                ex.chunk(piece);
                Thread.sleep(2);
            }
        });
    }

    @Test
    void builderSetsBaseUrlAndDefaultHeadersAndBlockingIterationReadsTheBody() throws Exception {
        try (RawServer server = new RawServer(ex -> ex.respond(200, "text/plain", "one\ntwo\nthree\n"));
             SluiceHttp http = SluiceHttp.builder()
                 .baseUrl(server.getUrl() + "/api")
                 .header("Authorization", "Bearer test")
                 .connectTimeout(Duration.ofSeconds(5))
                 .maxConnectionsPerRoute(5_000)
                 .build();
             BlockingStream<String> lines = http.get("/lines").header("X-Trace", "1").lines().blocking()) {
            List<String> read = new ArrayList<>();
            lines.forEachRemaining(read::add);
            assertEquals(List.of("one", "two", "three"), read);
            Request request = server.getRequests().get(0);
            assertEquals("/api/lines", request.getPath());
            assertEquals("Bearer test", request.header("authorization"));
            assertEquals("1", request.header("x-trace"));
        }
    }

    @Test
    void sseEventsAsAFutureList() throws Exception {
        String body = "id: 1\ndata: hello\n\nevent: done\ndata: bye\n\n";
        try (RawServer server = new RawServer(ex -> ex.respond(200, "text/event-stream", body));
             SluiceHttp http = SluiceHttp.create()) {
            List<ServerSentEvent> events = http.get(server.getUrl()).sse(new SseReconnect(false)).toList().get(10, TimeUnit.SECONDS);
            assertEquals(List.of(new ServerSentEvent("message", "hello", "1"), new ServerSentEvent("done", "bye", "1")), events);
        }
    }

    @Test
    void ndjsonValuesArriveAsCompactJsonText() throws Exception {
        String body = "{\"a\": 1}\n\n[1, 2]\n\"x\"\n";
        try (RawServer server = new RawServer(ex -> ex.respond(200, "application/x-ndjson", body));
             SluiceHttp http = SluiceHttp.create()) {
            List<String> values = http.get(server.getUrl()).ndjson().toList().get(10, TimeUnit.SECONDS);
            assertEquals(List.of("{\"a\":1}", "[1,2]", "\"x\""), values);
        }
    }

    @Test
    void textAndBytesViews() throws Exception {
        try (RawServer server = new RawServer(ex -> ex.respond(200, "text/plain; charset=utf-8", "grüße"));
             SluiceHttp http = SluiceHttp.create()) {
            HttpCall call = http.get(server.getUrl());
            String text = call.text().toList().get(10, TimeUnit.SECONDS).stream().collect(Collectors.joining());
            assertEquals("grüße", text);
            assertEquals(1L, call.bytes().count().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void writeToReturnsTheBytesWrittenAndReportsProgress() throws Exception {
        byte[] body = new byte[100_000];
        for (int i = 0; i < body.length; i++) body[i] = (byte) i;
        try (RawServer server = new RawServer(ex -> ex.respond(200, "application/octet-stream", body));
             SluiceHttp http = SluiceHttp.create()) {
            File file = new File(dir, "download.bin");
            List<Long> progress = new ArrayList<>();
            long written = http.get(server.getUrl()).writeTo(file, (soFar, length) -> {
                assertEquals(body.length, length);
                synchronized (progress) {
                    progress.add(soFar);
                }
            }).get(10, TimeUnit.SECONDS);
            assertEquals(body.length, written);
            assertArrayEquals(body, Files.readAllBytes(file.toPath()));
            synchronized (progress) {
                assertEquals(Long.valueOf(body.length), progress.get(progress.size() - 1));
            }
        }
    }

    @Test
    void cancellingTheWriteToFutureClosesTheConnection() throws Exception {
        try (RawServer server = endless(); SluiceHttp http = SluiceHttp.create()) {
            File file = new File(dir, "endless.bin");
            CompletableFuture<Long> future = http.get(server.getUrl()).writeTo(file);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (file.length() < 100_000 && System.nanoTime() < deadline) Thread.sleep(10);
            assertTrue(file.length() >= 100_000, "the transfer started");
            assertEquals(1, server.getOpenConnections());
            assertTrue(future.cancel(true));
            assertThrows(CancellationException.class, future::join);
            assertTrue(server.awaitOpenConnectionsAtMost(0), "server still has " + server.getOpenConnections() + " open");
        }
    }

    @Test
    void closingTheBlockingViewClosesTheConnection() throws Exception {
        try (RawServer server = endless(); SluiceHttp http = SluiceHttp.create()) {
            try (BlockingStream<ByteChunk> chunks = http.get(server.getUrl()).bytes().blocking()) {
                assertTrue(chunks.next().getSize() > 0);
                assertTrue(chunks.next().getBytesSoFar() > 0);
                assertEquals(1, server.getOpenConnections());
            }
            assertTrue(server.awaitOpenConnectionsAtMost(0), "server still has " + server.getOpenConnections() + " open");
        }
    }

    @Test
    void statusErrorFailsTheFutureWithTheTypedExceptionAndLeavesNoFile() throws Exception {
        RetryPolicy once = new RetryPolicy().withMaxRetries(1).withBaseDelay(java.time.Duration.ofMillis(1));
        try (RawServer server = new RawServer(ex -> ex.respond(429, "application/json", "{\"error\":\"slow down\"}"));
             SluiceHttp http = SluiceHttp.builder().retryPolicy(once).build()) {
            File file = new File(dir, "never.bin");
            ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> http.post(server.getUrl(), "{}", "application/json").writeTo(file).get(10, TimeUnit.SECONDS));
            HttpStatusException error = assertInstanceOf(HttpStatusException.class, thrown.getCause());
            assertEquals(429, error.getStatus());
            assertEquals("{\"error\":\"slow down\"}", error.getBodyExcerpt());
            assertEquals("POST", error.getMethod());
            assertTrue(error.isRetryable());
            assertEquals(2, error.getAttempts(), "sent again once, as the policy says");
            assertEquals(2, server.getRequests().size());
            assertFalse(file.exists());
            assertEquals("{}", new String(server.getRequests().get(0).getBody(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void closedClientRefusesNewStreams() throws Exception {
        try (RawServer server = new RawServer(ex -> ex.respond(200, "text/plain", "x"))) {
            SluiceHttp http = SluiceHttp.create();
            HttpCall call = http.get(server.getUrl());
            http.close();
            ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> call.writeTo(new File(dir, "x")).get(10, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, thrown.getCause());
        }
    }

    @Test
    void aCallSetsItsOwnTimeoutsAndRetryPolicy() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (RawServer server = new RawServer(ex -> {
                 ex.startChunked(200, "text/plain");
                 ex.chunk("partial");
                 release.await(20, TimeUnit.SECONDS);
             });
             SluiceHttp http = SluiceHttp.builder().idleTimeout(Duration.ofSeconds(30)).build()) {
            HttpCall call = http.get(server.getUrl()).retryPolicy(RetryPolicy.none()).idleTimeout(Duration.ofMillis(200));
            ExecutionException thrown = assertThrows(ExecutionException.class, () -> call.text().toList().get(10, TimeUnit.SECONDS));
            StreamTimeoutException e = assertInstanceOf(StreamTimeoutException.class, thrown.getCause());
            assertEquals(TimeoutLimit.IDLE, e.getLimit());
            assertEquals(Duration.ofMillis(200), e.getTimeout());
            assertEquals(7, e.getBytesRead());
            assertEquals(1, e.getAttempts());
            assertThrows(IllegalArgumentException.class, () -> call.firstByteTimeout(Duration.ZERO));
            assertEquals(RetryPolicy.none(), call.request().getRetryPolicy());
            release.countDown();
        }
    }
}
