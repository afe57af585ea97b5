package dev.sluice.llm;

import org.jspecify.annotations.Nullable;
import dev.sluice.DecodeLimits;
import dev.sluice.http.HttpClient;
import dev.sluice.http.RetryPolicy;
import dev.sluice.http.SluiceHttp;
import dev.sluice.internal.llm.client.JavaLlm;
import dev.sluice.internal.llm.client.LlmRun;
import dev.sluice.internal.stream.ViewContexts;
import dev.sluice.llm.request.ChatRequest;
import dev.sluice.llm.request.Provider;
import dev.sluice.llm.request.ProviderConfig;
import dev.sluice.metrics.MetricsListener;
import dev.sluice.stream.SluiceStream;
import io.ktor.client.engine.HttpClientEngine;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Java entry point for LLM token streams: one provider, configured once, whose answers are read
 * as events, as text alone, as a future of the final message, or as a blocking iterator.
 *
 * <pre>{@code
 * try (SluiceLlm llm = SluiceLlm.builder(Provider.OPENAI_CHAT).build()) {   // OPENAI_API_KEY
 *     ChatRequest request = ChatRequest.builder().model("gpt-4o-mini").user("Tell me about rivers").build();
 *     llm.text(request).blocking().forEachRemaining(System.out::print);
 *     LlmResult result = llm.complete(request).join();
 * }
 * }</pre>
 *
 * <p>Every view is cold and sends its own request: a {@link SluiceStream} sends it for each view
 * taken from it (publisher, future, blocking iterator, callbacks through
 * {@link SluiceStream#subscribe}). Cancelling a subscription or a future, or closing an iterator,
 * closes the connection; the provider's terminal event ends the answer at once. Errors are those
 * of {@link LlmClient}. Thread-safe; see {@link SluiceStream} for the threads views run on.
 */
public final class SluiceLlm implements AutoCloseable {
    private final LlmClient client;

    private SluiceLlm(LlmClient client) {
        this.client = client;
    }

    /** A builder for {@code provider}: base URL and key from the builder, else the environment. */
    public static Builder builder(Provider provider) {
        return new Builder(ProviderConfig.builder(Objects.requireNonNull(provider, "provider")), null);
    }

    /** A builder for an already resolved provider configuration. */
    public static Builder builder(ProviderConfig config) {
        return new Builder(null, Objects.requireNonNull(config, "config"));
    }

    /** Wraps a Kotlin client; closing the result closes it. */
    public static SluiceLlm wrap(LlmClient client) {
        return new SluiceLlm(Objects.requireNonNull(client, "client"));
    }

    /** The answer's events as they arrive. */
    public SluiceStream<LlmEvent> events(ChatRequest request) {
        return SluiceStream.of(client.events(request));
    }

    /** As {@link #events(ChatRequest)}; {@code metrics} hears this call's metrics. */
    public SluiceStream<LlmEvent> events(ChatRequest request, MetricsListener metrics) {
        return SluiceStream.of(client.events(request, metrics));
    }

    /** The answer's text deltas alone (first choice); joined, they are the final text. */
    public SluiceStream<String> text(ChatRequest request) {
        return SluiceStream.of(client.text(request));
    }

    /** As {@link #text(ChatRequest)}; {@code metrics} hears this call's metrics. */
    public SluiceStream<String> text(ChatRequest request, MetricsListener metrics) {
        return SluiceStream.of(client.text(request, metrics));
    }

    /**
     * The final accumulated message, with its metrics, computed on the shared
     * {@code Dispatchers.IO} pool (bounded as {@link dev.sluice.stream.SluiceStream}'s views are). {@code cancel(true)} closes the connection; a failure completes
     * the future exceptionally with the original exception ({@link LlmHttpException},
     * {@link LlmStreamException} with its partial result...).
     */
    public CompletableFuture<LlmResult> complete(ChatRequest request) {
        return complete(request, null, null);
    }

    /** As {@link #complete(ChatRequest)}, telling {@code metrics} (may be null). */
    public CompletableFuture<LlmResult> complete(ChatRequest request, @Nullable MetricsListener metrics) {
        return complete(request, metrics, null);
    }

    /** As {@link #complete(ChatRequest, MetricsListener)}, running the call on {@code executor} (null: the shared pool). */
    public CompletableFuture<LlmResult> complete(ChatRequest request, @Nullable MetricsListener metrics, @Nullable Executor executor) {
        Objects.requireNonNull(request, "request");
        return JavaLlm.completeFuture(client, request, metrics, ViewContexts.viewContext(executor, "sluice-llm-complete"));
    }

    /**
     * A structured answer ({@link ChatRequest#getResponseSchema()}): the final object, checked
     * against the schema and handed to {@code parser} as JSON text (your own Jackson or Gson). The
     * future fails with {@link LlmSchemaException} (naming the path) when the answer does not fit,
     * and with the call's own exceptions otherwise; cancelling it cancels the call. For the object
     * as it grows, feed {@link #events(ChatRequest)} to a {@link StructuredOutput}.
     */
    public <T> CompletableFuture<T> completeObject(ChatRequest request, Function<String, T> parser) {
        Objects.requireNonNull(parser, "parser");
        CompletableFuture<LlmResult> call = complete(request);
        CompletableFuture<T> object = call.thenApply(result -> StructuredOutput.parse(result, request.getResponseSchema(), parser));
        object.whenComplete((value, failure) -> {
            if (object.isCancelled()) call.cancel(true);
        });
        return object;
    }

    /** A blocking iterator of the answer's events, after which {@link LlmBlockingStream#result()} is the final message. */
    public LlmBlockingStream blocking(ChatRequest request) {
        return blocking(request, null);
    }

    /** As {@link #blocking(ChatRequest)}, telling {@code metrics} (may be null). */
    public LlmBlockingStream blocking(ChatRequest request, @Nullable MetricsListener metrics) {
        Objects.requireNonNull(request, "request");
        return new LlmBlockingStream(new LlmRun(client, request, metrics), SluiceStream.DEFAULT_BLOCKING_BUFFER);
    }

    /** The Kotlin client underneath. */
    public LlmClient client() {
        return client;
    }

    /** The provider calls go to. */
    public Provider provider() {
        return client.getProvider();
    }

    /** Stops running calls and releases the connection pool (unless the HTTP client was shared). */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "SluiceLlm(" + client.getConfig() + ")";
    }

    /** Settings of a {@link SluiceLlm}; see {@link ProviderConfig} and {@link LlmClientOptions}. */
    public static final class Builder {
        private final ProviderConfig.Builder configBuilder;
        private final ProviderConfig config;
        private final LlmClientOptions options = new LlmClientOptions();

        private Builder(ProviderConfig.Builder configBuilder, ProviderConfig config) {
            this.configBuilder = configBuilder;
            this.config = config;
        }

        /** The base URL, e.g. {@code http://localhost:11434} (builders from a Provider only). */
        public Builder baseUrl(String baseUrl) {
            providerBuilder("baseUrl").baseUrl(baseUrl);
            return this;
        }

        /** The API key (builders from a Provider only); never printed. */
        public Builder apiKey(String apiKey) {
            providerBuilder("apiKey").apiKey(apiKey);
            return this;
        }

        /** A header sent with every call, e.g. {@code OpenAI-Organization} (builders from a Provider only). */
        public Builder header(String name, String value) {
            providerBuilder("header").header(name, value);
            return this;
        }

        /** Variables to read instead of the process environment (builders from a Provider only). */
        public Builder environment(Map<String, String> variables) {
            providerBuilder("environment").environment(variables);
            return this;
        }

        /** A shared Kotlin HTTP client; it stays open when this LLM client is closed. */
        public Builder httpClient(HttpClient client) {
            options.setHttpClient(Objects.requireNonNull(client, "client"));
            return this;
        }

        /** A shared Java HTTP client; it stays open when this LLM client is closed. */
        public Builder httpClient(SluiceHttp http) {
            return httpClient(Objects.requireNonNull(http, "http").client());
        }

        /** A Ktor engine instead of Sluice's own, e.g. {@code OkHttpEngine.create()} on Android; the caller closes it. */
        public Builder engine(HttpClientEngine engine) {
            options.setEngine(Objects.requireNonNull(engine, "engine"));
            return this;
        }

        /** How long opening a connection may take (default 10 s; at least 1 ms). */
        public Builder connectTimeout(Duration timeout) {
            options.connectTimeout(timeout);
            return this;
        }

        /**
         * How long a call may wait for the answer's first content (default 10 minutes, for models
         * that reason silently first; at least 1 ms; {@code null}: none).
         */
        public Builder firstTokenTimeout(@Nullable Duration timeout) {
            options.firstTokenTimeout(timeout);
            return this;
        }

        /**
         * The longest time without a byte once the answer began (keep-alives count; default 5
         * minutes; at least 1 ms; {@code null}: none).
         */
        public Builder idleTimeout(@Nullable Duration timeout) {
            options.idleTimeout(timeout);
            return this;
        }

        /** The longest a whole call may take, retries included (default: none; at least 1 ms; {@code null}: none). */
        public Builder totalTimeout(@Nullable Duration timeout) {
            options.totalTimeout(timeout);
            return this;
        }

        /**
         * When a call is sent again after a failure before its first content was delivered
         * (default: 2 retries with backoff; {@link RetryPolicy#none()}: never).
         */
        public Builder retryPolicy(RetryPolicy policy) {
            options.setRetryPolicy(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** Hears the metrics of every call. */
        public Builder metricsListener(MetricsListener listener) {
            options.setMetricsListener(listener);
            return this;
        }

        /** Maximum line and event sizes. */
        public Builder limits(DecodeLimits limits) {
            options.setLimits(Objects.requireNonNull(limits, "limits"));
            return this;
        }

        /**
         * @throws dev.sluice.llm.request.LlmRequestException when the provider configuration cannot
         *     be resolved (no base URL, or no key where one is required)
         */
        public SluiceLlm build() {
            ProviderConfig resolved = config != null ? config : configBuilder.build();
            return new SluiceLlm(new LlmClient(resolved, options));
        }

        private ProviderConfig.Builder providerBuilder(String what) {
            if (configBuilder == null) {
                throw new IllegalStateException(what + "(...) is part of the ProviderConfig this builder was made from");
            }
            return configBuilder;
        }
    }
}
