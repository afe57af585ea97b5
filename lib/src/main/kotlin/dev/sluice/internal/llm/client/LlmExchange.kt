package dev.sluice.internal.llm.client

import dev.sluice.http.HttpStatusException
import dev.sluice.http.HttpRequest
import dev.sluice.http.StreamingResponse
import dev.sluice.internal.metrics.MetricsRecorder
import dev.sluice.internal.secrets.Redaction
import dev.sluice.internal.secrets.Secrets
import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmInterruptedException
import dev.sluice.llm.LlmResult
import dev.sluice.internal.llm.accumulate.metadataOnlyAccumulator
import dev.sluice.llm.LlmAccumulator
import dev.sluice.llm.LlmLimitExceededException
import dev.sluice.llm.LlmStreamDecoder
import dev.sluice.llm.LlmStreamException
import dev.sluice.llm.LlmTimeoutException
import dev.sluice.llm.decodeLlmBody
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.PreparedCall
import dev.sluice.metrics.MetricsListener
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.isActive

/**
 * One LLM call of an [LlmClient]: prepares the request, sends it, decodes the answer while
 * accumulating it, measures it, and turns failures into the LLM error types. Used once.
 *
 * [run] hands each event to its callback (a flow's `emit`, or nothing for `complete`); an
 * exception thrown by that callback passes through untouched (flow exception transparency), so a
 * collector's own failure is never mistaken for a broken stream.
 */
internal class LlmExchange(
    private val client: LlmClient,
    private val request: ChatRequest,
    callListener: MetricsListener?,
    accumulate: Boolean,
) {
    private val provider = client.provider
    private val decoder = LlmStreamDecoder(
        provider,
        client.lenient,
        if (accumulate) LlmAccumulator(provider, client.maxAccumulatedChars) else metadataOnlyAccumulator(provider),
    ).also { it.acceptsFinishedWithoutTerminal = true }
    private val recorder = MetricsRecorder(combine(client.metricsListener, callListener))
        .also { r -> decoder.onSkipped = r::skippedEvent }
    private val watchdog = Watchdog(client.idleTimeoutMillis, client.totalTimeoutMillis)
    private var downstreamFailed = false
    private var inBody = false
    private var events = 0L
    private var secrets = Secrets.NONE

    /** The message accumulated so far; any thread. */
    fun snapshot(): LlmResult = decoder.snapshot()

    /** Runs the call to its end; returns the final message with its metrics. */
    suspend fun run(onEvent: suspend (LlmEvent) -> Unit): LlmResult {
        check(!client.isClosed) { "LlmClient for ${provider.displayName} is closed: cannot send a new call" }
        val call = client.config.prepare(request)
        secrets = Secrets.forRequest(call.url, call.headers.toList()) + Secrets.of(listOf(client.config.apiKey?.reveal()))
        decoder.secrets = secrets
        val httpRequest = toHttpRequest(call)
        recorder.requestStarted()
        var completed = false
        try {
            watchdog.guard { httpRequest.execute { response -> readBody(response, onEvent) } }
            completed = true
        } catch (e: Throwable) {
            throw translate(e)
        } finally {
            if (!completed) recorder.finished(completed = false)
        }
        return decoder.snapshot().withMetrics(recorder.finished(completed = true))
    }

    private fun toHttpRequest(call: PreparedCall): HttpRequest {
        var r = client.http.request(call.method, call.url).body(call.bodyBytes, "application/json")
        for ((name, value) in call.headers) {
            if (!name.equals("Content-Type", ignoreCase = true)) r = r.header(name, value)
        }
        return r
    }

    private suspend fun readBody(response: StreamingResponse, onEvent: suspend (LlmEvent) -> Unit) {
        watchdog.touch()
        recorder.responseHeaders(response.headers)
        val bytes = response.rawBytes().onEach {
            watchdog.touch()
            recorder.bytesRead(it.size.toLong())
        }
        if (!provider.isNdjson) response.requireContentType("text/event-stream")
        val flow = bytes.decodeLlmBody(decoder, client.limits)
        inBody = true
        flow.collect { event ->
            observe(event)
            events++
            try {
                onEvent(event)
            } catch (t: Throwable) {
                downstreamFailed = true
                throw t
            }
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

    /** The endpoint as errors show it: credentials redacted. */
    private fun endpoint(): String = secrets.scrub(Redaction.url(client.config.endpointUrl))

    private suspend fun translate(e: Throwable): Throwable {
        val timeout = watchdog.fired
        if (timeout != null && e is CancellationException && currentCoroutineContext().isActive) {
            val what = if (timeout.isIdle) "no data for ${timeout.millis} ms (idle timeout)" else
                "the call took longer than ${timeout.millis} ms (total timeout)"
            return LlmTimeoutException(
                "${provider.displayName} stream from ${endpoint()}: $what after $events events",
                timeout.isIdle,
                timeout.millis,
                decoder.snapshot(),
            )
        }
        // The collector's own failure (possibly a copy made by stack-trace recovery) passes through.
        if (downstreamFailed) return e
        return when {
            e is CancellationException || e is Error -> e
            e is LlmStreamException || e is LlmLimitExceededException -> e
            e is LlmInterruptedException && e.cause == null -> LlmInterruptedException(
                "${provider.displayName} stream from ${endpoint()} ended before its terminal event " +
                    "(after $events events): the server closed the connection early",
                e.partial,
                null,
            )
            e is LlmInterruptedException -> e
            e is HttpStatusException -> {
                recorder.responseHeaders(e.headers)
                toLlmHttpException(provider, e)
            }
            inBody && e is Exception && e !is IllegalStateException -> LlmInterruptedException(
                "${provider.displayName} stream from ${endpoint()} failed after $events events: " +
                    (secrets.scrubOrNull(e.message) ?: e.javaClass.simpleName),
                decoder.snapshot(),
                secrets.sanitize(e),
            )
            else -> e
        }
    }
}

/** Both listeners, the client's first; `null` when there is none. */
private fun combine(first: MetricsListener?, second: MetricsListener?): MetricsListener? = when {
    first == null -> second
    second == null -> first
    else -> BothListeners(first, second)
}
