package dev.sluice.http

import dev.sluice.internal.http.DEFAULT_RECONNECT_ATTEMPTS
import dev.sluice.internal.http.DEFAULT_RECONNECT_MAX_DELAY
import dev.sluice.internal.http.DEFAULT_RECONNECT_RETRY
import dev.sluice.internal.http.checkTimeout
import kotlin.time.Duration
import kotlin.time.toKotlinDuration

/**
 * How an SSE stream that has delivered events reconnects by itself when its connection ends
 * (EventSource semantics). Failures before the first event are retries, governed by the request's
 * [RetryPolicy]; this governs what comes after.
 *
 * When enabled, a `GET` stream whose connection ends, cleanly or not, waits the server's `retry`
 * value (else [defaultRetry]), sends the request again with `Last-Event-ID` set to the last event
 * ID seen, and continues the same stream. A reconnection that delivers no event is a failure;
 * after consecutive failures the wait grows exponentially with full jitter, from the `retry`
 * value up to [maxDelay]; a server's `Retry-After` is honoured up to
 * [RetryPolicy.maxRetryAfter] (a longer one fails at once).
 *
 * Requests with another method (`POST` to an LLM endpoint, say) are not resumable streams: they
 * never reconnect after a clean end, so their `[DONE]` is never followed by a new request, and
 * after a dropped connection only when [nonGetReconnectsAfterDrop] is set (off by default: the
 * server may not support resuming, and each request may cost money).
 *
 * The stream stops:
 * - normally, when a reconnection is answered with HTTP 204 No Content, or when a non-GET stream ends;
 * - with [HttpStatusException] on a status that is not worth retrying (see [RetryPolicy]), or
 *   [UnexpectedContentTypeException];
 * - with [SseReconnectException] after [maxAttempts] failed reconnections in a row.
 *
 * Events are never delivered twice by the library; a partly received event is discarded with its
 * connection. Immutable; `with*` methods return modified copies.
 */
public class SseReconnect private constructor(
    /** Whether the stream reconnects at all. */
    public val enabled: Boolean,
    /** Reconnections in a row without an event before the stream gives up (default 10). */
    public val maxAttempts: Int,
    defaultRetry: Duration,
    maxDelay: Duration,
    /** Whether a non-GET stream reconnects after a dropped connection (never after a clean end). Default false. */
    public val nonGetReconnectsAfterDrop: Boolean,
) {
    /** Reconnection with the defaults: 10 attempts in a row, 3 s without a server `retry`, backoff up to 30 s. */
    public constructor() : this(true, DEFAULT_RECONNECT_ATTEMPTS, DEFAULT_RECONNECT_RETRY, DEFAULT_RECONNECT_MAX_DELAY, false)

    /** The defaults, reconnecting only if [enabled] (`SseReconnect(false)`: the stream ends with its connection). */
    public constructor(enabled: Boolean) : this(enabled, DEFAULT_RECONNECT_ATTEMPTS, DEFAULT_RECONNECT_RETRY, DEFAULT_RECONNECT_MAX_DELAY, false)

    /** The wait before reconnecting when the server sent no `retry` field (default 3 s). Java: [withDefaultRetry]. */
    @get:JvmSynthetic
    public val defaultRetry: Duration = checkTimeout("defaultRetry", defaultRetry)

    /** The cap on the backoff after consecutive failures (default 30 s; a larger server `retry` still wins). Java: [withMaxDelay]. */
    @get:JvmSynthetic
    public val maxDelay: Duration = checkTimeout("maxDelay", maxDelay)

    init {
        require(maxAttempts > 0) { "maxAttempts must be positive, was $maxAttempts" }
        require(!this.defaultRetry.isInfinite() && !this.maxDelay.isInfinite()) { "reconnection delays must be finite" }
    }

    public fun withEnabled(enabled: Boolean): SseReconnect = copy(enabled = enabled)

    public fun withMaxAttempts(attempts: Int): SseReconnect = copy(maxAttempts = attempts)

    /** The wait before reconnecting when the server sent no `retry` field (at least 1 ms). */
    @JvmSynthetic
    public fun withDefaultRetry(retry: Duration): SseReconnect = copy(defaultRetry = retry)

    /** The wait before reconnecting when the server sent no `retry` field (at least 1 ms). */
    public fun withDefaultRetry(retry: java.time.Duration): SseReconnect = withDefaultRetry(retry.toKotlinDuration())

    /** The cap on the backoff after consecutive failures (at least 1 ms; a larger server `retry` still wins). */
    @JvmSynthetic
    public fun withMaxDelay(delay: Duration): SseReconnect = copy(maxDelay = delay)

    /** The cap on the backoff after consecutive failures (at least 1 ms; a larger server `retry` still wins). */
    public fun withMaxDelay(delay: java.time.Duration): SseReconnect = withMaxDelay(delay.toKotlinDuration())

    /** Opt in to reconnecting a non-GET stream after a dropped connection; see the class doc. */
    public fun withNonGetReconnectsAfterDrop(reconnects: Boolean): SseReconnect = copy(nonGetReconnectsAfterDrop = reconnects)

    private fun copy(
        enabled: Boolean = this.enabled,
        maxAttempts: Int = this.maxAttempts,
        defaultRetry: Duration = this.defaultRetry,
        maxDelay: Duration = this.maxDelay,
        nonGetReconnectsAfterDrop: Boolean = this.nonGetReconnectsAfterDrop,
    ) = SseReconnect(enabled, maxAttempts, defaultRetry, maxDelay, nonGetReconnectsAfterDrop)

    override fun equals(other: Any?): Boolean =
        other is SseReconnect && other.enabled == enabled && other.maxAttempts == maxAttempts &&
            other.defaultRetry == defaultRetry && other.maxDelay == maxDelay &&
            other.nonGetReconnectsAfterDrop == nonGetReconnectsAfterDrop

    override fun hashCode(): Int {
        var h = enabled.hashCode()
        h = h * 31 + maxAttempts
        h = h * 31 + defaultRetry.hashCode()
        h = h * 31 + maxDelay.hashCode()
        return h * 31 + nonGetReconnectsAfterDrop.hashCode()
    }

    override fun toString(): String =
        "SseReconnect(enabled=$enabled, maxAttempts=$maxAttempts, defaultRetry=$defaultRetry, " +
            "maxDelay=$maxDelay, nonGetReconnectsAfterDrop=$nonGetReconnectsAfterDrop)"
}
