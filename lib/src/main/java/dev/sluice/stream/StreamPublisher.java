package dev.sluice.stream;

/**
 * The {@link java.util.concurrent.Flow.Publisher} view (needs Android API 30; excluded from the
 * API 24 check).
 */
public final class StreamPublisher<T> implements java.util.concurrent.Flow.Publisher<T> {
    @Override
    public void subscribe(java.util.concurrent.Flow.Subscriber<? super T> subscriber) {
        throw new UnsupportedOperationException("TODO");
    }
}
