package dev.sluice.internal.http

import dev.sluice.DecodeLimits
import dev.sluice.SluiceException
import dev.sluice.http.HttpRequest
import dev.sluice.http.HttpStatusException
import dev.sluice.http.SseReconnect
import dev.sluice.http.SseReconnectException
import dev.sluice.internal.secrets.Redaction
import dev.sluice.http.StreamTimeoutException
import dev.sluice.http.TimeoutLimit
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseStreamState
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.flow
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds

/**
 * The SSE view of a request: retries under the request's retry policy until the first event,
 * then EventSource-style reconnection per [reconnect], all under the request's timeouts.
 */
internal fun sseFlow(
    request: HttpRequest,
    reconnect: SseReconnect,
    limits: DecodeLimits,
    state: SseStreamState? = null,
): Flow<ServerSentEvent> = flow {
    val seed = request.headerList.lastOrNull { it.first.equals(LAST_EVENT_ID, ignoreCase = true) }?.second
    val streamState = state ?: SseStreamState()
    if (streamState.lastEventId == null && seed != null) streamState.lastEventId = seed
    val session = SseSession(request, reconnect, limits, streamState, this)
    request.client.lifetime.guard("SSE stream ${request.method} ${Redaction.url(request.url)}") { session.run() }
}

private class SseSession(
    private val request: HttpRequest,
    private val reconnect: SseReconnect,
    private val limits: DecodeLimits,
    /**
     * What the stream has reached, shared by the decoders of successive connections: the last
     * event ID (seeded by the request's own `Last-Event-ID` header) and the server's `retry`. It
     * follows delivered events only, so a reconnection never skips or repeats one.
     */
    private val state: SseStreamState,
    private val collector: FlowCollector<ServerSentEvent>,
) {
    private val time = request.client.time
    private val policy = request.settings.retryPolicy
    private val watchdog = StreamWatchdog(request.settings.timeouts, TimeoutLimit.FIRST_BYTE, time)
    private val isGet = request.method == "GET"
    private var downstreamFailure: Throwable? = null
    private var connections = 0
    private var everDelivered = false
    private var retries = 0
    private var failedReconnections = 0

    suspend fun run() {
        try {
            watchdog.guard(::timeoutError) { loop() }
        } catch (e: SluiceException) {
            if (e !== downstreamFailure) e.attempts = connections
            throw e
        }
    }

    private suspend fun loop() {
        while (true) {
            connections++
            watchdog.attemptStarted()
            var delivered = false
            val failure: Throwable? = try {
                if (connectOnce { delivered = true } == Outcome.NO_CONTENT) return
                null
            } catch (t: Throwable) {
                if (t === downstreamFailure) throw t
                t
            }
            if (delivered) failedReconnections = 0
            val wait = nextWait(failure) ?: return
            watchdog.betweenAttempts()
            time.sleep(wait)
        }
    }

    /** The wait before the next connection, `null` when the stream ends normally; throws when it ends in failure. */
    private fun nextWait(failure: Throwable?): Duration? {
        if (failure != null && !isRetryableFailure(failure)) throw failure
        if (!everDelivered && failure != null) {
            // Nothing was delivered yet: this is a retry, under the request's retry policy.
            return policy.delayBeforeRetry(failure, ++retries, time) ?: throw failure
        }
        val resumes = reconnect.enabled && (isGet || (failure != null && reconnect.nonGetReconnectsAfterDrop))
        if (!resumes) {
            if (failure != null) throw failure
            return null
        }
        if (failedReconnections >= reconnect.maxAttempts) {
            throw SseReconnectException(request.method, request.url, failedReconnections, state.lastEventId, failure)
        }
        val server = (failure as? HttpStatusException)?.let { serverRetryDelay(it::header, time.wallMillis()) }
        if (server != null && server > policy.maxRetryAfter) throw failure
        val retry = state.retryMillis?.milliseconds ?: reconnect.defaultRetry
        return reconnectDelay(failedReconnections++, retry, reconnect.maxDelay, time.jitter(), server)
    }

    private suspend fun connectOnce(onDelivered: () -> Unit): Outcome {
        val lastEventId = state.lastEventId
        val overrides = if (lastEventId.isNullOrEmpty()) emptyList() else listOf(LAST_EVENT_ID to lastEventId)
        val extra = ExtraHeaders(defaults = listOf("Accept" to EVENT_STREAM, "Cache-Control" to "no-cache"), overrides)
        return request.exchange(extra, watchdog) { response ->
            if (response.status == NO_CONTENT) return@exchange Outcome.NO_CONTENT
            response.requireContentType(EVENT_STREAM)
            response.sseEvents(limits, state).collect { event ->
                onDelivered()
                everDelivered = true
                try {
                    collector.emit(event)
                } catch (t: Throwable) {
                    downstreamFailure = t
                    throw t
                }
            }
            Outcome.ENDED
        }
    }

    private fun timeoutError(limit: TimeoutLimit, timeout: Duration): StreamTimeoutException = streamTimeoutError(
        request, limit, timeout, watchdog.bytesRead, what = "SSE stream ",
        suffix = state.lastEventId?.let { " (last event id '$it')" } ?: "",
    )

    private enum class Outcome { ENDED, NO_CONTENT }
}

/**
 * The wait before a reconnection: the stream's [retry] after a connection that delivered events
 * ([consecutiveFailures] 0); after consecutive failures, [retry] plus [jitter] (0..1) of the
 * exponential growth above it, capped at [maxDelay] (or [retry] when larger). A server's
 * [retryAfter] is a floor.
 */
internal fun reconnectDelay(
    consecutiveFailures: Int,
    retry: Duration,
    maxDelay: Duration,
    jitter: Double,
    retryAfter: Duration? = null,
): Duration {
    val floor = retryAfter ?: Duration.ZERO
    if (consecutiveFailures <= 0) return maxOf(retry, floor)
    val cap = maxOf(maxDelay, retry)
    val shift = minOf(consecutiveFailures, 30)
    val base = maxOf(retry, 1.milliseconds)
    val factor = (1L shl shift).toDouble()
    val exponential = if (base > cap / factor) cap else base * factor
    val jittered = retry + (exponential - retry) * jitter.coerceIn(0.0, 1.0)
    return maxOf(jittered, floor)
}

private const val LAST_EVENT_ID = "Last-Event-ID"
private const val NO_CONTENT = 204
