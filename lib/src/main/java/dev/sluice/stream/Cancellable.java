package dev.sluice.stream;

/**
 * A handle that stops a running stream and closes its connection. Idempotent and callable from
 * any thread, including from inside a callback of the stream it stops.
 */
@FunctionalInterface
public interface Cancellable {
    /**
     * Stops the stream: no further {@link StreamHandler#onNext} after the one possibly in progress,
     * no terminal callback, and the connection is closed promptly (asynchronously).
     */
    void cancel();
}
