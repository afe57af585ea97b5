package dev.sluice.http;

import org.jspecify.annotations.Nullable;
import io.ktor.client.engine.HttpClientEngine;
import java.time.Duration;

/**
 * Java entry point for streaming HTTP: a configured, shared client whose requests are read as
 * {@link dev.sluice.stream.SluiceStream}s of bytes, text, lines, NDJSON values or SSE events.
 *
 * <pre>{@code
 * try (SluiceHttp http = SluiceHttp.builder().baseUrl("https://example.com").build();
 *      BlockingStream<ServerSentEvent> events = http.get("/events").sse().blocking()) {
 *     events.forEachRemaining(e -> System.out.println(e.getData()));
 * }
 * }</pre>
 *
 * Create one per application and reuse it: it owns a connection pool sized for thousands of
 * concurrent streams ({@link Builder#maxConnections}, {@link Builder#maxConnectionsPerRoute}).
 * Thread-safe. {@link #close()} stops the streams still running and releases the pool.
 */
public final class SluiceHttp implements AutoCloseable {
    private final HttpClient client;

    private SluiceHttp(HttpClient client) {
        this.client = client;
    }

    /** A builder with the defaults: Sluice's own engine, no base URL, 10 s connect timeout. */
    public static Builder builder() {
        return new Builder();
    }

    /** A client with the defaults (requests must use absolute URLs). */
    public static SluiceHttp create() {
        return builder().build();
    }

    /** Wraps an existing Kotlin client; closing the result closes it. */
    public static SluiceHttp wrap(HttpClient client) {
        if (client == null) throw new NullPointerException("client");
        return new SluiceHttp(client);
    }

    /** A GET request; {@code url} is absolute or relative to the base URL. */
    public HttpCall get(String url) {
        return new HttpCall(client.get(url));
    }

    /** A POST request with a body of {@code contentType}, e.g. {@code application/json}. */
    public HttpCall post(String url, byte[] body, String contentType) {
        return new HttpCall(client.post(url, body, contentType));
    }

    /** A POST request with a UTF-8 text body of {@code contentType}. */
    public HttpCall post(String url, String body, String contentType) {
        return new HttpCall(client.request("POST", url).body(body, contentType));
    }

    /** A request with any method. */
    public HttpCall request(String method, String url) {
        return new HttpCall(client.request(method, url));
    }

    /** The Kotlin client underneath. */
    public HttpClient client() {
        return client;
    }

    /** Stops running streams (their views fail with {@link IllegalStateException}) and releases the pool. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "SluiceHttp(" + client + ")";
    }

    /** Settings of a {@link SluiceHttp}; see {@link HttpClientOptions} for each one's meaning. */
    public static final class Builder {
        private final HttpClientOptions config = new HttpClientOptions();

        private Builder() {}

        /** Base URL relative request paths are appended to. */
        public Builder baseUrl(String baseUrl) {
            config.setBaseUrl(baseUrl);
            return this;
        }

        /** A header sent with every request (a request's own header of the same name wins). */
        public Builder header(String name, String value) {
            config.header(name, value);
            return this;
        }

        /**
         * Whether every request sends {@code Accept-Encoding: gzip, deflate} (default false: none is
         * sent). Compressed bodies are decompressed as they stream either way.
         */
        public Builder acceptCompression(boolean accept) {
            config.setAcceptCompression(accept);
            return this;
        }

        /** How long opening a connection may take (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            config.connectTimeout(timeout);
            return this;
        }

        /** How long a request may wait for the first body byte (default: none; {@code null}: none). */
        public Builder firstByteTimeout(@Nullable Duration timeout) {
            config.firstByteTimeout(timeout);
            return this;
        }

        /** The longest gap between reads once the body began (default: none; {@code null}: none). */
        public Builder idleTimeout(@Nullable Duration timeout) {
            config.idleTimeout(timeout);
            return this;
        }

        /** The longest a whole call may take, retries included (default: none; {@code null}: none). */
        public Builder totalTimeout(@Nullable Duration timeout) {
            config.totalTimeout(timeout);
            return this;
        }

        /** When failures before the first delivered item are retried (default: 2 retries; {@link RetryPolicy#none()}). */
        public Builder retryPolicy(RetryPolicy policy) {
            if (policy == null) throw new NullPointerException("policy");
            config.setRetryPolicy(policy);
            return this;
        }

        /** Most connections open at once over all hosts (default 10,000); default engine only. */
        public Builder maxConnections(int max) {
            config.setMaxConnections(max);
            return this;
        }

        /** Most connections open at once to one host and port (default 10,000); default engine only. */
        public Builder maxConnectionsPerRoute(int max) {
            config.setMaxConnectionsPerRoute(max);
            return this;
        }

        /**
         * A Ktor engine to use instead of Sluice's own ({@link OkHttpEngine#create()} on Android, MockEngine in tests). The
         * caller owns it and closes it.
         */
        public Builder engine(HttpClientEngine engine) {
            config.setEngine(engine);
            return this;
        }

        public SluiceHttp build() {
            return new SluiceHttp(new HttpClient(config));
        }
    }
}
