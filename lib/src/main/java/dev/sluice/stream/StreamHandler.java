package dev.sluice.stream;

/** Callbacks for {@link SluiceStream#subscribe}; exactly one of onComplete / onError ends a stream. */
public interface StreamHandler<T> {
    void onNext(T item);

    default void onComplete() {}

    default void onError(Throwable error) {}
}
