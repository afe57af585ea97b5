package dev.sluice.http;

import org.jspecify.annotations.Nullable;
import dev.sluice.DecodeLimits;
import dev.sluice.internal.http.FileDownloads;
import dev.sluice.internal.http.JavaViews;
import dev.sluice.sse.ServerSentEvent;
import dev.sluice.sse.SseStreamState;
import dev.sluice.stream.SluiceStream;
import java.io.File;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A request of a {@link SluiceHttp} client, immutable ({@code header} and {@code body} return
 * copies), and its stream views. Each {@link SluiceStream} is cold: every view taken from it
 * (publisher, future, blocking iterator, callbacks) sends the request anew and reads the body
 * incrementally; cancelling or closing that view closes its connection. A status outside 2xx fails
 * the view with {@link HttpStatusException}, a broken connection with
 * {@link HttpTransportException}, a timeout with {@link StreamTimeoutException}. Until the first
 * item is delivered, failures worth retrying are retried under the {@link RetryPolicy}; the
 * exception's {@code getAttempts()} says how many times the request was sent.
 */
public final class HttpCall {
    private final HttpRequest request;

    HttpCall(HttpRequest request) {
        this.request = request;
    }

    /** A copy that sends {@code Accept-Encoding: gzip, deflate}; a compressed body is decompressed as it streams. */
    public HttpCall acceptCompression() {
        return new HttpCall(request.acceptCompression());
    }

    /** A copy with header {@code name} set to {@code value} (replacing earlier values). */
    public HttpCall header(String name, String value) {
        return new HttpCall(request.header(name, value));
    }

    /** A copy with this body (copied) of media type {@code contentType}. */
    public HttpCall body(byte[] body, String contentType) {
        return new HttpCall(request.body(body, contentType));
    }

    /** A copy with this UTF-8 text body of media type {@code contentType}. */
    public HttpCall body(String body, String contentType) {
        return new HttpCall(request.body(body, contentType));
    }

    /** A copy retried under {@code policy} ({@link RetryPolicy#none()}: never); by default the client's. */
    public HttpCall retryPolicy(RetryPolicy policy) {
        if (policy == null) throw new NullPointerException("policy");
        return new HttpCall(request.retryPolicy(policy));
    }

    /** A copy with this connect timeout (at least 1 ms; {@code null}: none). */
    public HttpCall connectTimeout(@Nullable Duration timeout) {
        return new HttpCall(JavaViews.withTimeout(request, TimeoutLimit.CONNECT, timeout));
    }

    /** A copy with this limit on the wait for the response's first body byte (at least 1 ms; {@code null}: none). */
    public HttpCall firstByteTimeout(@Nullable Duration timeout) {
        return new HttpCall(JavaViews.withTimeout(request, TimeoutLimit.FIRST_BYTE, timeout));
    }

    /** A copy with this limit on the gap between reads once the body began (at least 1 ms; {@code null}: none). */
    public HttpCall idleTimeout(@Nullable Duration timeout) {
        return new HttpCall(JavaViews.withTimeout(request, TimeoutLimit.IDLE, timeout));
    }

    /** A copy with this limit on the whole call, retries included (at least 1 ms; {@code null}: none). */
    public HttpCall totalTimeout(@Nullable Duration timeout) {
        return new HttpCall(JavaViews.withTimeout(request, TimeoutLimit.TOTAL, timeout));
    }

    /** The body as it arrives, with progress (bytes so far, announced length). */
    public SluiceStream<ByteChunk> bytes() {
        return SluiceStream.of(request.bytes());
    }

    /** The body decoded as UTF-8, in chunks as they arrive. */
    public SluiceStream<String> text() {
        return SluiceStream.of(request.text());
    }

    /** The body's lines (CR, LF or CRLF end a line), without their line breaks. */
    public SluiceStream<String> lines() {
        return SluiceStream.of(request.lines());
    }

    /** As {@link #lines()}, with a maximum line length. */
    public SluiceStream<String> lines(DecodeLimits limits) {
        return SluiceStream.of(request.lines(limits));
    }

    /** Newline-delimited JSON: each value as compact JSON text, ready for any JSON library. */
    public SluiceStream<String> ndjson() {
        return ndjson(new DecodeLimits());
    }

    /** As {@link #ndjson()}, with a maximum line length. */
    public SluiceStream<String> ndjson(DecodeLimits limits) {
        return SluiceStream.of(JavaViews.ndjsonText(request, limits));
    }

    /**
     * Server-Sent Events; a GET stream reconnects with {@code Last-Event-ID} after its connection
     * ends (see {@link SseReconnect}; other methods never reconnect after a clean end); fails with
     * {@link UnexpectedContentTypeException} unless the response is {@code text/event-stream}.
     */
    public SluiceStream<ServerSentEvent> sse() {
        return SluiceStream.of(request.sse());
    }

    /** Server-Sent Events with this reconnection policy ({@code new SseReconnect(false)}: none). */
    public SluiceStream<ServerSentEvent> sse(SseReconnect reconnect) {
        return SluiceStream.of(request.sse(reconnect));
    }

    /** Server-Sent Events with this reconnection policy and decoding limits. */
    public SluiceStream<ServerSentEvent> sse(SseReconnect reconnect, DecodeLimits limits) {
        return SluiceStream.of(request.sse(reconnect, limits));
    }

    /**
     * As {@link #sse(SseReconnect, DecodeLimits)}, keeping {@code state} up to date with the last
     * event ID and {@code retry} of the delivered events (and seeding {@code Last-Event-ID} from
     * it). Use one state per view.
     */
    public SluiceStream<ServerSentEvent> sse(SseReconnect reconnect, DecodeLimits limits, SseStreamState state) {
        return SluiceStream.of(request.sse(reconnect, limits, state));
    }

    /**
     * Writes the body to {@code file}; completes with the number of bytes written. The transfer
     * runs on a background IO thread. {@code cancel(true)} stops it and closes the connection (the
     * part received stays in the file). Completes exceptionally with {@link HttpStatusException}
     * on a status outside 2xx (the file is then not touched).
     */
    public CompletableFuture<Long> writeTo(File file) {
        return writeTo(file, null);
    }

    /** As {@link #writeTo(File)}, telling {@code progress} after each piece (on the IO thread). */
    public CompletableFuture<Long> writeTo(File file, ProgressListener progress) {
        if (file == null) throw new NullPointerException("file");
        return FileDownloads.writeToFileAsync(request, file, progress);
    }

    /** The Kotlin request underneath. */
    public HttpRequest request() {
        return request;
    }

    @Override
    public String toString() {
        return "HttpCall(" + request + ")";
    }
}
