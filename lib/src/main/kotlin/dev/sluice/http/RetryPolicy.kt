package dev.sluice.http

import dev.sluice.internal.http.DEFAULT_BASE_DELAY
import dev.sluice.internal.http.DEFAULT_MAX_DELAY
import dev.sluice.internal.http.DEFAULT_MAX_RETRIES
import dev.sluice.internal.http.DEFAULT_MAX_RETRY_AFTER
import dev.sluice.internal.http.checkTimeout
import kotlin.time.Duration
import kotlin.time.toKotlinDuration

/**
 * When a request is sent again after it failed, and how long to wait first. One policy serves
 * every stream: plain HTTP views ([HttpClientOptions.retryPolicy], [HttpRequest.retryPolicy]),
 * the first connection of an SSE stream, and LLM calls (`LlmClientOptions.retryPolicy`).
 *
 * **Only while nothing has been delivered.** A request is retried only until its first item
 * (body bytes, SSE event, LLM event) reached the consumer, so output is never duplicated. After
 * that a failure is reported with what was delivered and the attempt count
 * (`SluiceException.attempts`). (Resuming an SSE stream after events is reconnection, see
 * [SseReconnect].)
 *
 * **What is retried:** a connection that cannot be opened (refused, reset, connect timeout), a
 * connection that breaks before the first delivered item, HTTP 408, 409, 429, 500, 502, 503, 504
 * and 529, any status answered with `x-should-retry: true`, and (LLM calls) errors the provider
 * reports inside the stream whose type means overloaded, rate limited or server error.
 * **Never:** 400, 401, 403, 404, 422, `x-should-retry: false`, a 429 whose body says
 * `insufficient_quota`, an unexpected content type, a malformed stream, a first-byte, idle or
 * total timeout, or an exception thrown by the consumer.
 *
 * **How long to wait:** the server's `retry-after-ms` header, else `Retry-After` (seconds or an
 * HTTP date), honoured up to [maxRetryAfter]; a longer server delay fails at once (the error
 * names it: `HttpStatusException.retryAfter`). Without a server delay: exponential backoff with
 * full jitter, a random wait between zero and [baseDelay] times 2^(retry - 1), capped at
 * [maxDelay]. Defaults: 2 retries, base 0.5 s, cap 8 s, `Retry-After` up to 60 s.
 *
 * Immutable; `with*` methods return modified copies. Kotlin:
 * `RetryPolicy().withMaxRetries(4).withBaseDelay(1.seconds)`; Java:
 * `new RetryPolicy().withMaxRetries(4).withBaseDelay(Duration.ofSeconds(1))`, or
 * `RetryPolicy.none()`.
 */
public class RetryPolicy private constructor(
    /** Retries after the first attempt; 0 never retries. Default 2. */
    public val maxRetries: Int,
    baseDelay: Duration,
    maxDelay: Duration,
    maxRetryAfter: Duration,
) {
    /** The default policy: 2 retries, base delay 0.5 s, delay cap 8 s, `Retry-After` honoured up to 60 s. */
    public constructor() : this(DEFAULT_MAX_RETRIES, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MAX_RETRY_AFTER)

    /** The first backoff delay (before the first retry, at most); doubles for each retry. Java: [withBaseDelay]. */
    @get:JvmSynthetic
    public val baseDelay: Duration = checkTimeout("baseDelay", baseDelay)

    /** The longest backoff delay. Java: [withMaxDelay]. */
    @get:JvmSynthetic
    public val maxDelay: Duration = checkTimeout("maxDelay", maxDelay)

    /**
     * The longest server-requested delay (`retry-after-ms`, `Retry-After`) that is waited for;
     * a longer one fails at once. [Duration.INFINITE]: any. Java: [withMaxRetryAfter].
     */
    @get:JvmSynthetic
    public val maxRetryAfter: Duration = checkTimeout("maxRetryAfter", maxRetryAfter)

    init {
        require(maxRetries >= 0) { "maxRetries must not be negative, was $maxRetries" }
        require(!this.baseDelay.isInfinite() && !this.maxDelay.isInfinite()) { "backoff delays must be finite" }
    }

    /** A copy with [retries] retries after the first attempt (0: never retry). */
    public fun withMaxRetries(retries: Int): RetryPolicy = RetryPolicy(retries, baseDelay, maxDelay, maxRetryAfter)

    /** A copy with this first backoff delay (at least 1 ms). */
    @JvmSynthetic
    public fun withBaseDelay(delay: Duration): RetryPolicy = RetryPolicy(maxRetries, delay, maxDelay, maxRetryAfter)

    /** A copy with this first backoff delay (at least 1 ms). */
    public fun withBaseDelay(delay: java.time.Duration): RetryPolicy = withBaseDelay(delay.toKotlinDuration())

    /** A copy with this cap on backoff delays (at least 1 ms). */
    @JvmSynthetic
    public fun withMaxDelay(delay: Duration): RetryPolicy = RetryPolicy(maxRetries, baseDelay, delay, maxRetryAfter)

    /** A copy with this cap on backoff delays (at least 1 ms). */
    public fun withMaxDelay(delay: java.time.Duration): RetryPolicy = withMaxDelay(delay.toKotlinDuration())

    /** A copy honouring server delays up to [limit] ([Duration.INFINITE]: any). */
    @JvmSynthetic
    public fun withMaxRetryAfter(limit: Duration): RetryPolicy = RetryPolicy(maxRetries, baseDelay, maxDelay, limit)

    /** A copy honouring server delays up to [limit] (`null`: any, however long). */
    public fun withMaxRetryAfter(limit: java.time.Duration?): RetryPolicy =
        withMaxRetryAfter(limit?.toKotlinDuration() ?: Duration.INFINITE)

    override fun equals(other: Any?): Boolean =
        other is RetryPolicy && other.maxRetries == maxRetries && other.baseDelay == baseDelay &&
            other.maxDelay == maxDelay && other.maxRetryAfter == maxRetryAfter

    override fun hashCode(): Int =
        ((maxRetries * 31 + baseDelay.hashCode()) * 31 + maxDelay.hashCode()) * 31 + maxRetryAfter.hashCode()

    override fun toString(): String =
        "RetryPolicy(maxRetries=$maxRetries, baseDelay=$baseDelay, maxDelay=$maxDelay, maxRetryAfter=$maxRetryAfter)"

    public companion object {
        /** A policy that never retries. */
        @JvmStatic
        public fun none(): RetryPolicy = RetryPolicy().withMaxRetries(0)
    }
}
