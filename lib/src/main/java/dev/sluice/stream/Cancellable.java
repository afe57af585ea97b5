package dev.sluice.stream;

/** A handle that stops a running stream and closes its connection. Idempotent. */
public interface Cancellable {
    void cancel();
}
