package dev.sluice.stream;

/**
 * Callbacks for {@link SluiceStream#subscribe(StreamHandler)}. Calls are serialized (never
 * concurrent) and made on the thread documented there. Exactly one of {@link #onComplete()} or
 * {@link #onError(Throwable)} ends a stream that was not cancelled.
 *
 * <p>Only {@link #onNext} must be written, so a lambda is a handler. If {@code onNext} throws, the
 * stream is cancelled (its connection closed) and the exception is passed once to
 * {@link #onError}.
 */
@FunctionalInterface
public interface StreamHandler<T> {
    /** One element of the stream. */
    void onNext(T item);

    /** The stream ended normally. */
    default void onComplete() {}

    /**
     * The stream failed, or {@link #onNext} threw {@code error}. The default hands the error to
     * the current thread's uncaught-exception handler, so a failure is never silent.
     */
    default void onError(Throwable error) {
        Thread thread = Thread.currentThread();
        thread.getUncaughtExceptionHandler().uncaughtException(thread, error);
    }
}
