package dev.sluice.stream;

import java.util.Iterator;
import java.util.stream.Stream;

/** Blocking view: an iterator that must be closed. {@link #close()} may be called from any thread. */
public final class BlockingStream<T> implements Iterator<T>, AutoCloseable {
    @Override
    public boolean hasNext() {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public T next() {
        throw new UnsupportedOperationException("TODO");
    }

    /** A sequential {@link Stream} over the remaining elements; closing it closes this. */
    public Stream<T> stream() {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO");
    }
}
