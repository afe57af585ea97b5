package dev.sluice.internal.http

import dev.sluice.DecodeLimits
import dev.sluice.http.HttpStatusException
import dev.sluice.http.HttpTransportException
import dev.sluice.http.HttpRequest
import dev.sluice.http.SseReconnect
import dev.sluice.http.SseReconnectException
import dev.sluice.internal.secrets.Redaction
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseStreamState
import dev.sluice.sse.decodeSse
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.flow
import kotlin.random.Random

/** The SSE view of a request: one connection, or EventSource-style reconnection per [policy]. */
internal fun sseFlow(
    request: HttpRequest,
    policy: SseReconnect,
    limits: DecodeLimits,
    state: SseStreamState? = null,
    sleep: suspend (Long) -> Unit = { delay(it) },
    random: Random = Random.Default,
): Flow<ServerSentEvent> = flow {
    val seed = request.headerList.lastOrNull { it.first.equals(LAST_EVENT_ID, ignoreCase = true) }?.second
    val streamState = state ?: SseStreamState()
    if (streamState.lastEventId == null && seed != null) streamState.lastEventId = seed
    val session = SseSession(request, policy, limits, streamState, sleep, random, this)
    request.client.lifetime.guard("SSE stream ${request.method} ${Redaction.url(request.url)}") { session.run() }
}

private class SseSession(
    private val request: HttpRequest,
    private val policy: SseReconnect,
    private val limits: DecodeLimits,
    /**
     * What the stream has reached, shared by the decoders of successive connections: the last
     * event ID (seeded by the request's own `Last-Event-ID` header) and the server's `retry`. It
     * follows delivered events only, so a reconnection never skips or repeats one.
     */
    private val state: SseStreamState,
    private val sleep: suspend (Long) -> Unit,
    private val random: Random,
    private val collector: FlowCollector<ServerSentEvent>,
) {
    private var established = false
    private var downstreamFailure: Throwable? = null

    suspend fun run() {
        var attemptsWithoutEvent = 0
        while (true) {
            var delivered = false
            val failure: Throwable? = try {
                if (connectOnce { delivered = true } == Outcome.NO_CONTENT) return
                null
            } catch (t: Throwable) {
                if (t === downstreamFailure) throw t
                t
            }
            if (!policy.enabled || !established) {
                if (failure != null) throw failure
                return
            }
            if (failure != null && !isRetryable(failure)) throw failure
            if (delivered) attemptsWithoutEvent = 0
            if (attemptsWithoutEvent >= policy.maxAttempts) {
                throw SseReconnectException(request.method, request.url, attemptsWithoutEvent, state.lastEventId, failure)
            }
            val retry = state.retryMillis ?: policy.defaultRetryMillis
            sleep(reconnectDelay(attemptsWithoutEvent, retry, policy, random, retryAfterMillis(failure)))
            attemptsWithoutEvent++
        }
    }

    private suspend fun connectOnce(onDelivered: () -> Unit): Outcome {
        val lastEventId = state.lastEventId
        val overrides = if (lastEventId.isNullOrEmpty()) emptyList() else listOf(LAST_EVENT_ID to lastEventId)
        val extra = ExtraHeaders(defaults = listOf("Accept" to EVENT_STREAM, "Cache-Control" to "no-cache"), overrides)
        return request.exchange(extra) { response ->
            if (response.status == NO_CONTENT) return@exchange Outcome.NO_CONTENT
            response.requireContentType(EVENT_STREAM)
            established = true
            response.rawBytes().decodeSse(limits, state).collect { event ->
                onDelivered()
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

    private fun isRetryable(failure: Throwable): Boolean = when (failure) {
        is HttpTransportException -> true
        is HttpStatusException -> failure.status in RETRYABLE_STATUSES
        else -> false
    }

    private fun retryAfterMillis(failure: Throwable?): Long? =
        (failure as? HttpStatusException)?.header("Retry-After")?.trim()?.toLongOrNull()?.takeIf { it >= 0 }?.let { it * 1000 }

    private enum class Outcome { ENDED, NO_CONTENT }
}

/**
 * The wait before the next reconnection: the stream's [retryMillis] after a connection that
 * delivered events, then exponential backoff with jitter for each consecutive failure, capped at
 * [SseReconnect.maxDelayMillis] (or [retryMillis] when larger). A `Retry-After` is honoured up to
 * the same cap.
 */
internal fun reconnectDelay(
    consecutiveFailures: Int,
    retryMillis: Long,
    policy: SseReconnect,
    random: Random,
    retryAfterMillis: Long? = null,
): Long {
    val cap = maxOf(policy.maxDelayMillis, retryMillis)
    val floor = minOf(retryAfterMillis ?: 0L, cap)
    if (consecutiveFailures <= 0) return maxOf(retryMillis, floor)
    val base = maxOf(retryMillis, 1L)
    val shift = minOf(consecutiveFailures, 30)
    val exponential = if (base > cap shr shift) cap else minOf(cap, base shl shift)
    val jittered = exponential - (exponential * policy.jitter * random.nextDouble()).toLong()
    return maxOf(jittered, floor)
}

private const val LAST_EVENT_ID = "Last-Event-ID"
private const val NO_CONTENT = 204
private val RETRYABLE_STATUSES = setOf(408, 429, 500, 502, 503, 504)
