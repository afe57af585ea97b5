package dev.sluice.internal.llm.client

import dev.sluice.SluiceException
import dev.sluice.http.HttpRequest
import dev.sluice.http.HttpStatusException
import dev.sluice.http.HttpTransportException
import dev.sluice.http.RetryPolicy
import dev.sluice.http.StreamTimeoutException
import dev.sluice.http.StreamingResponse
import dev.sluice.http.TimeoutLimit
import dev.sluice.internal.http.RequestSettings
import dev.sluice.internal.http.RetryLoop
import dev.sluice.internal.http.StreamWatchdog
import dev.sluice.internal.http.describeTimeout
import dev.sluice.internal.http.exchange
import dev.sluice.internal.http.isRetryableFailure
import dev.sluice.internal.llm.accumulate.metadataOnlyAccumulator
import dev.sluice.internal.metrics.MetricsRecorder
import dev.sluice.internal.secrets.Redaction
import dev.sluice.internal.secrets.Secrets
import dev.sluice.llm.LlmAccumulator
import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmInterruptedException
import dev.sluice.llm.LlmLimitExceededException
import dev.sluice.llm.LlmResponseInfo
import dev.sluice.llm.LlmResult
import dev.sluice.llm.LlmStreamDecoder
import dev.sluice.llm.LlmStreamException
import dev.sluice.llm.LlmTimeoutException
import dev.sluice.llm.decodeLlm
import dev.sluice.llm.decodeLlmBody
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.PreparedCall
import dev.sluice.metrics.MetricsListener
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.flow.onEach
import kotlin.time.Duration

/**
 * One LLM call of an [LlmClient]: prepares the request, sends it (again, under the client's retry
 * policy, while nothing was delivered), decodes the answer while accumulating it, measures it, and
 * turns failures into the LLM error types, all under the client's timeouts. Used once.
 *
 * Events that precede the answer's first content ([isPreamble]: stream start, prompt usage,
 * provider bookkeeping) are held until that content arrives, then handed over first: so an error
 * or a dropped connection before the first token can be retried without the consumer seeing
 * anything twice. Each attempt decodes with a fresh decoder.
 *
 * [run] hands each event to its callback (a flow's `emit`, or nothing for `complete`); an
 * exception thrown by that callback passes through untouched (flow exception transparency), so a
 * collector's own failure is never mistaken for a broken stream, and never retried.
 */
internal class LlmExchange(
    private val client: LlmClient,
    private val request: ChatRequest,
    callListener: MetricsListener?,
    private val accumulate: Boolean,
) {
    private val provider = client.provider
    private val recorder = MetricsRecorder(combine(client.metricsListener, callListener))
    private val watchdog = StreamWatchdog(client.timeouts, TimeoutLimit.FIRST_TOKEN, client.time)
    private val loop = RetryLoop(client.retryPolicy, client.time)
    private val background = BackgroundCalls(client, request)

    @Volatile
    private var decoder = newDecoder()
    private val held = ArrayList<LlmEvent>()
    private var delivered = false
    private var downstreamFailed = false
    private var inBody = false
    private var events = 0L
    private var secrets = Secrets.NONE

    /** The status and headers of the response being read (the latest attempt's). */
    @Volatile
    private var responseInfo: LlmResponseInfo? = null

    /** The message accumulated so far by the current attempt; any thread. */
    fun snapshot(): LlmResult = decoder.snapshot()

    /** Runs the call to its end; returns the final message with its metrics. */
    suspend fun run(onEvent: suspend (LlmEvent) -> Unit): LlmResult {
        check(!client.isClosed) { "LlmClient for ${provider.displayName} is closed: cannot send a new call" }
        val call = client.config.prepare(request)
        secrets = Secrets.forRequest(call.url, call.headers.toList()) + Secrets.of(listOf(client.config.apiKey?.reveal()))
        decoder.secrets = secrets
        val httpRequest = toHttpRequest(call)
        var completed = false
        try {
            // The whole call is one stream of the HTTP client: closing it also ends a wait between attempts.
            client.http.lifetime.guard("${provider.displayName} call to ${Redaction.url(client.config.endpointUrl)}") {
                watchdog.guard(::timeoutError) {
                    loop.run(::isRetryable, { _, _, _ -> watchdog.betweenAttempts() }) { attempt ->
                        attemptOnce(httpRequest, attempt, onEvent)
                    }
                }
            }
            completed = true
        } catch (e: Throwable) {
            if (e is CancellationException) background.cancelOnServer(decoder.snapshot().id)
            if (e is SluiceException && !downstreamFailed) e.attempts = loop.attempts
            throw e
        } finally {
            if (!completed) recorder.finished(completed = false)
        }
        return decoder.snapshot().withCall(recorder.finished(completed = true), responseInfo)
    }

    private suspend fun attemptOnce(httpRequest: HttpRequest, attempt: Int, onEvent: suspend (LlmEvent) -> Unit) {
        if (attempt > 1) decoder = newDecoder().also { it.secrets = secrets }
        held.clear()
        inBody = false
        events = 0
        recorder.requestStarted()
        watchdog.attemptStarted()
        try {
            httpRequest.exchange(watchdog = watchdog) { response -> readBody(response, onEvent) }
        } catch (e: Throwable) {
            var failure = translate(e)
            // A background response keeps running on the server: read it again from where it broke.
            while (true) {
                val resume = background.resumeRequest(failure, decoder, downstreamFailed) ?: throw failure
                recorder.resumed()
                decoder.resume()
                try {
                    resume.exchange(watchdog = watchdog) { response -> readBody(response, onEvent) }
                    return
                } catch (again: Throwable) {
                    failure = translate(again)
                }
            }
        }
    }

    private fun newDecoder(): LlmStreamDecoder = LlmStreamDecoder(
        provider,
        client.lenient,
        if (accumulate) LlmAccumulator(provider, client.maxAccumulatedChars) else metadataOnlyAccumulator(provider),
    ).also {
        it.acceptsFinishedWithoutTerminal = true
        it.onSkipped = recorder::skippedEvent
    }

    private fun toHttpRequest(call: PreparedCall): HttpRequest {
        var r = client.http.request(call.method, call.url).body(call.bodyBytes, "application/json")
        if (client.acceptCompression) r = r.acceptCompression()
        for ((name, value) in call.headers) {
            if (!name.equals("Content-Type", ignoreCase = true)) r = r.header(name, value)
        }
        // One attempt per exchange (the loop above retries), with this client's connect timeout.
        return r.copy(settings = RequestSettings(RetryPolicy.none(), client.timeouts))
    }

    private suspend fun readBody(response: StreamingResponse, onEvent: suspend (LlmEvent) -> Unit) {
        recorder.responseHeaders(response.headers)
        responseInfo = LlmResponseInfo(response.status, response.headers)
        if (!provider.isNdjson) response.requireContentType("text/event-stream")
        val body = if (provider.isNdjson) {
            response.rawBytes().onEach { recorder.bytesRead(it.size.toLong()) }.decodeLlmBody(decoder, client.limits)
        } else {
            // Straight from the read buffer: no copy and no flow per read.
            val sse = response.sseEvents(client.limits, null, dispatchUnterminated = true) { recorder.bytesRead(it.toLong()) }
            sse.decodeLlm(decoder)
        }
        inBody = true
        body.collect { event ->
            observe(event)
            events++
            if (delivered || !isPreamble(event) || held.size >= MAX_HELD_EVENTS) {
                release(onEvent)
                send(event, onEvent)
            } else {
                held += event
            }
        }
        release(onEvent) // an answer without content still delivers its start and end
    }

    /** The answer began: from now on nothing is retried; the held events go first. */
    private suspend fun release(onEvent: suspend (LlmEvent) -> Unit) {
        if (delivered) return
        delivered = true
        watchdog.firstEventArrived()
        for (event in held) send(event, onEvent)
        held.clear()
    }

    private suspend fun send(event: LlmEvent, onEvent: suspend (LlmEvent) -> Unit) {
        if (event is LlmEvent.StreamStarted && event.response == null) event.response = responseInfo
        watchdog.pause()
        try {
            onEvent(event)
        } catch (t: Throwable) {
            downstreamFailed = true
            throw t
        } finally {
            watchdog.resume()
        }
    }

    private fun observe(event: LlmEvent) {
        when (event) {
            is LlmEvent.TextDelta, is LlmEvent.ReasoningDelta, is LlmEvent.RefusalDelta,
            is LlmEvent.ToolCallArgumentsDelta,
            -> recorder.tokenDelta()
            is LlmEvent.Usage -> event.usage.outputTokens?.let { recorder.usage(it) }
            else -> Unit
        }
    }

    /** Worth sending again: nothing was delivered, and the failure is transient. */
    private fun isRetryable(e: Throwable): Boolean = !delivered && !downstreamFailed && when (e) {
        is LlmTimeoutException -> e.limit == TimeoutLimit.CONNECT
        is LlmStreamException -> e.isRetryable
        is LlmInterruptedException -> e.cause == null || e.cause is HttpTransportException
        else -> isRetryableFailure(e)
    }

    private fun translate(e: Throwable): Throwable {
        // The collector's own failure (possibly a copy made by stack-trace recovery) passes through.
        if (downstreamFailed) return e
        return when {
            e is CancellationException || e is Error -> e
            e is LlmStreamException || e is LlmLimitExceededException -> e
            e is LlmInterruptedException && e.cause == null -> LlmInterruptedException(
                "$origin ended before its terminal event (after $events events): the server closed the connection early",
                e.partial,
                null,
            )
            e is LlmInterruptedException -> e
            e is HttpStatusException -> {
                recorder.responseHeaders(e.headers)
                toLlmHttpException(provider, e)
            }
            e is StreamTimeoutException -> LlmTimeoutException(
                "$origin: ${describeTimeout(e.limit, e.timeout)}",
                e.limit,
                e.timeout,
                decoder.snapshot(),
                e,
            )
            inBody && e is Exception && e !is IllegalStateException -> LlmInterruptedException(
                "$origin failed after $events events: " + (secrets.scrubOrNull(e.message) ?: e.javaClass.simpleName),
                decoder.snapshot(),
                secrets.sanitize(e),
            )
            else -> e
        }
    }

    private fun timeoutError(limit: TimeoutLimit, timeout: Duration): LlmTimeoutException = LlmTimeoutException(
        "$origin: ${describeTimeout(limit, timeout)}, after $events events",
        limit,
        timeout,
        decoder.snapshot(),
    )

    private val origin: String get() = "${provider.displayName} stream from ${secrets.scrub(Redaction.url(client.config.endpointUrl))}"
}

/**
 * Events that may come before the answer's content and are held until it begins: the stream's
 * start, usage of the prompt, and provider bookkeeping (content block starts, status updates).
 */
private fun isPreamble(event: LlmEvent): Boolean =
    event is LlmEvent.StreamStarted || event is LlmEvent.ProviderEvent || event is LlmEvent.Unknown || event is LlmEvent.Usage

/** At most this many preamble events are held; past it the answer counts as begun. */
private const val MAX_HELD_EVENTS = 256

/** Both listeners, the client's first; `null` when there is none. */
private fun combine(first: MetricsListener?, second: MetricsListener?): MetricsListener? = when {
    first == null -> second
    second == null -> first
    else -> BothListeners(first, second)
}
