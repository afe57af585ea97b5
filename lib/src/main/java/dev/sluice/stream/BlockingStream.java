package dev.sluice.stream;

import dev.sluice.internal.stream.BlockingSource;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The blocking view of a {@link SluiceStream}: an iterator that must be closed, best in a
 * try-with-resources block ({@link #close()} throws no checked exception).
 *
 * <pre>{@code
 * try (BlockingStream<String> lines = stream.blocking()) {
 *     for (String line : lines) System.out.println(line);
 * }
 * }</pre>
 *
 * <p>It is also {@link Iterable} for the for-each loop, once: {@link #iterator()} returns this
 * stream itself, and a second call throws {@link IllegalStateException} (a stream is read once).
 *
 * <p>The run (for HTTP: the request) starts at the first {@link #hasNext()} or {@link #next()}.
 * A background coroutine reads ahead into a bounded buffer and stops reading while it is full, so
 * a slow consumer slows the connection down instead of filling memory.
 *
 * <p>Waiting for an element parks the calling thread with {@code java.util.concurrent} means, never
 * inside a {@code synchronized} block, so it suits virtual threads (JDK 21+). One thread iterates;
 * {@link #close()} may be called from any thread.
 *
 * <p><b>Close.</b> {@link #close()} cancels the run, closes its connection promptly and wakes a
 * thread blocked in {@link #hasNext()} or {@link #next()}: from then on {@code hasNext()} returns
 * {@code false} and {@code next()} throws {@link NoSuchElementException}, so a loop ends normally
 * (elements still buffered are dropped). An interrupted waiting thread closes the stream and gets a
 * {@link dev.sluice.SluiceException}, with its interrupt flag kept.
 *
 * <p><b>Errors.</b> A failure of the source is thrown from {@code hasNext()} / {@code next()}
 * unchecked: the original exception if it is unchecked, an {@link java.io.UncheckedIOException}
 * around an {@code IOException}, a {@link dev.sluice.SluiceException} around any other checked
 * exception; elements that arrived before it are delivered first.
 */
public final class BlockingStream<T> implements Iterator<T>, Iterable<T>, AutoCloseable {
    private final BlockingSource<T> source;
    private final AtomicBoolean iterated = new AtomicBoolean();

    BlockingStream(BlockingSource<T> source) {
        this.source = source;
    }

    /**
     * This stream, for a for-each loop; callable once.
     *
     * @throws IllegalStateException on a second call
     */
    @Override
    public Iterator<T> iterator() {
        if (!iterated.compareAndSet(false, true)) {
            throw new IllegalStateException("a BlockingStream is read once: iterator() was already called");
        }
        return this;
    }

    /** Waits until an element is available; false at the end of the stream or once closed. */
    @Override
    public boolean hasNext() {
        return source.hasNext();
    }

    /** Waits for and returns the next element. */
    @Override
    public T next() {
        return source.next();
    }

    /**
     * A sequential {@link Stream} over the remaining elements; closing it (try-with-resources)
     * closes this iterator and its connection. Iterate either the stream or this, not both.
     */
    public Stream<T> stream() {
        Spliterator<T> spliterator =
                Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false).onClose(this::close);
    }

    /** Cancels the run and closes its connection; wakes a blocked reader. Idempotent, any thread. */
    @Override
    public void close() {
        source.close();
    }
}
