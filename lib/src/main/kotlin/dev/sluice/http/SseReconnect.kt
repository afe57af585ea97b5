package dev.sluice.http

import dev.sluice.internal.http.DEFAULT_JITTER
import dev.sluice.internal.http.DEFAULT_MAX_ATTEMPTS
import dev.sluice.internal.http.DEFAULT_MAX_DELAY_MILLIS
import dev.sluice.internal.http.DEFAULT_RETRY_MILLIS

/**
 * How an SSE stream reconnects by itself after its connection drops (EventSource semantics).
 *
 * When enabled, a stream whose connection ends (cleanly or not) after it was established waits
 * the server's `retry` value (else [defaultRetryMillis]), sends the request again with
 * `Last-Event-ID` set to the last event ID seen, and continues the same stream. A reconnection
 * that delivers no event is a failure; after consecutive failures the wait grows exponentially
 * (doubling, with up to [jitter] of it randomly taken off) up to [maxDelayMillis]. The stream
 * stops:
 * - normally, when a reconnection is answered with HTTP 204 No Content;
 * - with [HttpStatusException] on a status that is not worth retrying (anything but 408, 429,
 *   500, 502, 503, 504), or [UnexpectedContentTypeException];
 * - with [SseReconnectException] after [maxAttempts] failed reconnections in a row.
 *
 * The first connection is not retried: if it fails, the error is reported at once. Events are
 * never delivered twice by the library; a partly received event is discarded with its connection.
 *
 * Immutable; `with*` methods return modified copies.
 */
public class SseReconnect @JvmOverloads constructor(
    public val enabled: Boolean = true,
    public val maxAttempts: Int = DEFAULT_MAX_ATTEMPTS,
    public val defaultRetryMillis: Long = DEFAULT_RETRY_MILLIS,
    public val maxDelayMillis: Long = DEFAULT_MAX_DELAY_MILLIS,
    public val jitter: Double = DEFAULT_JITTER,
) {
    init {
        require(maxAttempts > 0) { "maxAttempts must be positive, was $maxAttempts" }
        require(defaultRetryMillis >= 0) { "defaultRetryMillis must not be negative, was $defaultRetryMillis" }
        require(maxDelayMillis >= 0) { "maxDelayMillis must not be negative, was $maxDelayMillis" }
        require(jitter in 0.0..1.0) { "jitter must be within 0..1, was $jitter" }
    }

    public fun withEnabled(enabled: Boolean): SseReconnect = copy(enabled = enabled)

    public fun withMaxAttempts(attempts: Int): SseReconnect = copy(maxAttempts = attempts)

    /** The wait before reconnecting when the server sent no `retry` field. */
    public fun withDefaultRetryMillis(millis: Long): SseReconnect = copy(defaultRetryMillis = millis)

    public fun withDefaultRetry(retry: java.time.Duration): SseReconnect = withDefaultRetryMillis(retry.toMillis())

    /** The cap on the backoff after consecutive failures (a larger server `retry` still wins). */
    public fun withMaxDelayMillis(millis: Long): SseReconnect = copy(maxDelayMillis = millis)

    public fun withMaxDelay(delay: java.time.Duration): SseReconnect = withMaxDelayMillis(delay.toMillis())

    /** The fraction of each backoff delay that may randomly be taken off (0 = none, 1 = full jitter). */
    public fun withJitter(jitter: Double): SseReconnect = copy(jitter = jitter)

    private fun copy(
        enabled: Boolean = this.enabled,
        maxAttempts: Int = this.maxAttempts,
        defaultRetryMillis: Long = this.defaultRetryMillis,
        maxDelayMillis: Long = this.maxDelayMillis,
        jitter: Double = this.jitter,
    ) = SseReconnect(enabled, maxAttempts, defaultRetryMillis, maxDelayMillis, jitter)

    override fun equals(other: Any?): Boolean =
        other is SseReconnect && other.enabled == enabled && other.maxAttempts == maxAttempts &&
            other.defaultRetryMillis == defaultRetryMillis && other.maxDelayMillis == maxDelayMillis &&
            other.jitter == jitter

    override fun hashCode(): Int {
        var h = enabled.hashCode()
        h = h * 31 + maxAttempts
        h = h * 31 + defaultRetryMillis.hashCode()
        h = h * 31 + maxDelayMillis.hashCode()
        return h * 31 + jitter.hashCode()
    }

    override fun toString(): String =
        "SseReconnect(enabled=$enabled, maxAttempts=$maxAttempts, defaultRetryMillis=$defaultRetryMillis, " +
            "maxDelayMillis=$maxDelayMillis, jitter=$jitter)"
}
