package dev.sluice.internal.http

import dev.sluice.http.HttpRequest
import dev.sluice.http.RetryPolicy
import dev.sluice.http.StreamTimeoutException
import dev.sluice.http.TimeoutLimit
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.toKotlinDuration

/**
 * Returns [timeout] when it is at least 1 ms ([Duration.INFINITE] means none); anything shorter,
 * zero and negatives included, is a mistake, never a silent "no timeout".
 */
internal fun checkTimeout(name: String, timeout: Duration): Duration {
    require(timeout >= 1.milliseconds) { "$name must be at least 1 ms, was $timeout" }
    return timeout
}

/** A Java builder's timeout: `null` is none ([Duration.INFINITE]), anything else at least 1 ms. */
internal fun javaTimeout(name: String, timeout: java.time.Duration?): Duration =
    if (timeout == null) Duration.INFINITE else checkTimeout(name, timeout.toKotlinDuration())

/** Whole milliseconds of [timeout], `0` for [Duration.INFINITE] (none), as Ktor takes it. */
internal fun timeoutMillisOrZero(timeout: Duration): Long =
    if (timeout.isInfinite()) 0 else timeout.inWholeMilliseconds

/**
 * The limits of one stream ([Duration.INFINITE]: none). [firstEvent] is the first body byte for
 * plain HTTP and SSE, the first token for LLM calls; [idle] is the longest gap between reads once
 * that arrived; [total] covers the whole call, retries and waits included.
 */
internal class StreamTimeouts(
    val connect: Duration,
    val firstEvent: Duration,
    val idle: Duration,
    val total: Duration,
) {
    init {
        checkTimeout("connectTimeout", connect)
        checkTimeout("firstEventTimeout", firstEvent)
        checkTimeout("idleTimeout", idle)
        checkTimeout("totalTimeout", total)
    }

    fun with(limit: TimeoutLimit, value: Duration): StreamTimeouts = when (limit) {
        TimeoutLimit.CONNECT -> StreamTimeouts(value, firstEvent, idle, total)
        TimeoutLimit.FIRST_BYTE, TimeoutLimit.FIRST_TOKEN -> StreamTimeouts(connect, value, idle, total)
        TimeoutLimit.IDLE -> StreamTimeouts(connect, firstEvent, value, total)
        TimeoutLimit.TOTAL -> StreamTimeouts(connect, firstEvent, idle, value)
    }

    override fun toString(): String = "connect=$connect, firstEvent=$firstEvent, idle=$idle, total=$total"
}

/** How a request is sent: its retry policy and timeouts. */
internal class RequestSettings(val retryPolicy: RetryPolicy, val timeouts: StreamTimeouts)

/** What fired, for a message: `no data for 300ms (idleTimeout)`. */
internal fun describeTimeout(limit: TimeoutLimit, timeout: Duration): String = when (limit) {
    TimeoutLimit.CONNECT -> "could not connect within $timeout"
    TimeoutLimit.FIRST_BYTE -> "no response within $timeout"
    TimeoutLimit.FIRST_TOKEN -> "no first token within $timeout"
    TimeoutLimit.IDLE -> "no data for $timeout"
    TimeoutLimit.TOTAL -> "the call took longer than $timeout"
} + " (${limit.settingName()})"

/**
 * The [StreamTimeoutException] of [request] when [limit] fired after [bytes] body bytes; the
 * message is `[what] METHOD URL: <what fired>, after N body bytes[suffix]`.
 */
internal fun streamTimeoutError(
    request: HttpRequest,
    limit: TimeoutLimit,
    timeout: Duration,
    bytes: Long,
    what: String = "",
    suffix: String = "",
): StreamTimeoutException = StreamTimeoutException(
    request.method,
    request.url,
    limit,
    timeout,
    bytes,
    "$what${request.method} ${request.url}: ${describeTimeout(limit, timeout)}, after $bytes body bytes$suffix",
)
