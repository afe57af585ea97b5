package dev.sluice.stream;

import dev.sluice.internal.stream.BlockingSource;
import dev.sluice.internal.stream.StreamCallbacks;
import dev.sluice.internal.stream.StreamFutures;
import dev.sluice.internal.stream.ViewContexts;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/**
 * A cold stream of {@code T}, produced by one Kotlin pipeline and viewable four ways from Java:
 * a {@link java.util.concurrent.Flow.Publisher} with real demand, {@link CompletableFuture}s of
 * terminal results, a blocking {@link BlockingStream}, and callbacks. Every view starts its own
 * run of the pipeline (for HTTP: its own request); cancelling a view closes that run's connection.
 *
 * <p>Unless an {@link Executor} is given, the pipeline runs, and callbacks are called, on
 * kotlinx.coroutines' shared {@code Dispatchers.IO} pool (daemon threads named
 * {@code DefaultDispatcher-worker-N}), at most max(16, 2 x cores) runs of every view without an
 * executor at once: a callback may block briefly, but work that blocks for long belongs on an
 * executor of its own. Elements are never null.
 */
public final class SluiceStream<T> {
    /** Elements a {@link #blocking()} stream reads ahead of its consumer. */
    public static final int DEFAULT_BLOCKING_BUFFER = 16;

    private final kotlinx.coroutines.flow.Flow<T> flow;

    private SluiceStream(kotlinx.coroutines.flow.Flow<T> flow) {
        this.flow = flow;
    }

    /** Wraps a cold Kotlin flow: each view collects it anew. */
    public static <T> SluiceStream<T> of(kotlinx.coroutines.flow.Flow<T> flow) {
        if (flow == null) throw new NullPointerException("flow");
        return new SluiceStream<>(flow);
    }

    /** The underlying cold Kotlin flow. */
    public kotlinx.coroutines.flow.Flow<T> asFlow() {
        return flow;
    }

    /**
     * A demand-driven publisher; each subscription is one run. Signals are delivered on the shared
     * {@code Dispatchers.IO} pool (bounded as above); see {@link StreamPublisher} for the threading and cancel rules.
     * Needs Android API 30.
     */
    public StreamPublisher<T> publisher() {
        return new StreamPublisher<>(flow, ViewContexts.viewContext(null, "sluice-publisher"));
    }

    /**
     * A demand-driven publisher whose signals are delivered on {@code executor} (which also runs
     * the pipeline). It should run tasks asynchronously, not inline in {@code execute}.
     */
    public StreamPublisher<T> publisher(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return new StreamPublisher<>(flow, ViewContexts.viewContext(executor, "sluice-publisher"));
    }

    /**
     * Collects every element into an unmodifiable list. {@code cancel(true)} closes the
     * connection; a failure completes the future exceptionally with the original exception.
     */
    public CompletableFuture<List<T>> toList() {
        return collect(Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList));
    }

    /** Counts the elements; {@code cancel(true)} closes the connection. */
    public CompletableFuture<Long> count() {
        return StreamFutures.countFuture(flow, ViewContexts.viewContext(null, "sluice-count"));
    }

    /**
     * The first element; the connection is closed as soon as it arrives. An empty stream completes
     * the future exceptionally with {@link java.util.NoSuchElementException}.
     */
    public CompletableFuture<T> first() {
        return StreamFutures.firstFuture(flow, ViewContexts.viewContext(null, "sluice-first"));
    }

    /**
     * Collects every element with {@code collector}, like {@link java.util.stream.Stream#collect};
     * the accumulator is called on one thread at a time. {@code cancel(true)} closes the
     * connection; a failure completes the future exceptionally with the original exception.
     */
    public <A, R> CompletableFuture<R> collect(Collector<? super T, A, R> collector) {
        Objects.requireNonNull(collector, "collector");
        return StreamFutures.collectFuture(flow, collector, ViewContexts.viewContext(null, "sluice-collect"));
    }

    /**
     * A blocking iterator reading up to {@value #DEFAULT_BLOCKING_BUFFER} elements ahead; close it
     * (try-with-resources) to close the connection.
     */
    public BlockingStream<T> blocking() {
        return blocking(DEFAULT_BLOCKING_BUFFER);
    }

    /**
     * A blocking iterator reading up to {@code bufferSize} elements ahead of its consumer (at least
     * 1); close it (try-with-resources) to close the connection.
     */
    public BlockingStream<T> blocking(int bufferSize) {
        if (bufferSize < 1 || bufferSize == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bufferSize must be between 1 and Integer.MAX_VALUE - 1, was " + bufferSize);
        }
        return new BlockingStream<>(
                new BlockingSource<>(flow, bufferSize, ViewContexts.viewContext(null, "sluice-blocking")));
    }

    /**
     * Pushes elements to {@code handler}, one call at a time, on the shared {@code Dispatchers.IO}
     * pool (bounded as above). An exception thrown by {@link StreamHandler#onNext} cancels the stream and is passed
     * once to {@link StreamHandler#onError}. The returned handle cancels the stream (no terminal
     * callback follows a cancel).
     */
    public Cancellable subscribe(StreamHandler<? super T> handler) {
        Objects.requireNonNull(handler, "handler");
        return StreamCallbacks.subscribeHandler(flow, handler, ViewContexts.viewContext(null, "sluice-callbacks"));
    }

    /** Like {@link #subscribe(StreamHandler)}, with every callback called on {@code executor}. */
    public Cancellable subscribe(StreamHandler<? super T> handler, Executor executor) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(executor, "executor");
        return StreamCallbacks.subscribeHandler(flow, handler, ViewContexts.viewContext(executor, "sluice-callbacks"));
    }
}
