package dev.sluice.metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Hears the timing of one stream as it happens. Every method has an empty default; override what
 * you need. Calls come from the thread reading the stream, in order, one at a time; keep them
 * short (an exception thrown here propagates into the stream). Durations are measured with a
 * monotonic clock from the start of the first attempt.
 */
public interface MetricsListener {
    /** The response's first byte (its headers) arrived, {@code sinceStart} after the request began. */
    default void onFirstByte(Duration sinceStart) {}

    /** The first content delta arrived. */
    default void onFirstToken(Duration sinceStart) {}

    /**
     * A content delta (text, reasoning, refusal or tool-call arguments) arrived, {@code gap}
     * after the previous one (for the first: after the start).
     */
    default void onToken(Duration gap) {}

    /**
     * A lenient decoder skipped a wire event that broke the provider's format (not JSON, a known
     * field of the wrong type); {@code reason} says what was wrong and where (the event type and
     * its byte offset). Strict decoding fails the stream instead and never calls this.
     */
    default void onSkippedEvent(String reason) {}

    /** Attempt number {@code retry} (1 for the first retry) is starting. */
    default void onRetry(int retry) {}

    /** The stream ended (normally, by error or by cancellation); called once. */
    default void onComplete(StreamMetrics metrics) {}

    /** A listener that only receives the final metrics. */
    static MetricsListener onComplete(Consumer<StreamMetrics> action) {
        Objects.requireNonNull(action, "action");
        return new MetricsListener() {
            @Override
            public void onComplete(StreamMetrics metrics) {
                action.accept(metrics);
            }
        };
    }
}
