package dev.sluice.stream;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A cold stream of {@code T}, produced by one Kotlin pipeline and viewable four ways from Java:
 * a {@link java.util.concurrent.Flow.Publisher} with real demand, {@link CompletableFuture}s of
 * terminal results, a blocking {@link BlockingStream}, and callbacks. Every view starts its own
 * run of the pipeline (for HTTP: its own request); cancelling a view closes that run's connection.
 */
public final class SluiceStream<T> {
    private final kotlinx.coroutines.flow.Flow<T> flow;

    private SluiceStream(kotlinx.coroutines.flow.Flow<T> flow) {
        this.flow = flow;
    }

    /** Wraps a cold Kotlin flow. */
    public static <T> SluiceStream<T> of(kotlinx.coroutines.flow.Flow<T> flow) {
        if (flow == null) throw new NullPointerException("flow");
        return new SluiceStream<>(flow);
    }

    /** The underlying cold Kotlin flow. */
    public kotlinx.coroutines.flow.Flow<T> asFlow() {
        return flow;
    }

    /** A demand-driven publisher; signals are delivered on a shared background dispatcher. */
    public StreamPublisher<T> publisher() {
        throw new UnsupportedOperationException("TODO");
    }

    /** A demand-driven publisher whose signals are delivered on {@code executor}. */
    public StreamPublisher<T> publisher(Executor executor) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Collects every element; {@code cancel(true)} closes the connection. */
    public CompletableFuture<List<T>> toList() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Counts the elements; {@code cancel(true)} closes the connection. */
    public CompletableFuture<Long> count() {
        throw new UnsupportedOperationException("TODO");
    }

    /** A blocking iterator; close it (try-with-resources) to close the connection. */
    public BlockingStream<T> blocking() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Pushes elements to {@code handler}; the returned handle cancels the stream. */
    public Cancellable subscribe(StreamHandler<T> handler) {
        throw new UnsupportedOperationException("TODO");
    }
}
