package dev.sluice.llm

import dev.sluice.internal.llm.WireCodec
import dev.sluice.internal.llm.isKeepAlive
import dev.sluice.internal.llm.parseJsonOrNull
import dev.sluice.llm.request.Provider
import dev.sluice.sse.ServerSentEvent
import kotlinx.serialization.json.JsonElement

/**
 * Decodes one LLM stream and accumulates its message, in one pass: push each wire event (an SSE
 * event, or an NDJSON line for [Provider.OLLAMA]) and get the neutral events it carried; read
 * [snapshot] at any moment for the message so far. For callers without coroutines (OkHttp, a
 * servlet); Kotlin flows use `decodeLlm` in [LlmFlows], which drives one of these per collection.
 *
 * Keep-alives (`ping`, `keepalive` events, empty data) produce no events and are counted in
 * [keepAliveCount]. After the terminal event ([isTerminated]) further input is ignored, so trailing
 * bytes never matter. An error the provider reports in the stream is thrown as
 * [LlmStreamException] carrying the partial result. Accumulation uses builders: linear in the
 * stream's size. Thread-safe: [snapshot] may be read from another thread while a thread feeds.
 */
public class LlmStreamDecoder(public val provider: Provider) {
    private val codec = WireCodec.create(provider)
    private var keepAlives = 0
    private var error: LlmStreamException? = null

    /** Keep-alive events skipped so far. */
    public val keepAliveCount: Int get() = synchronized(this) { keepAlives }

    /** Whether the terminal event (or an error) has arrived: the stream is over. */
    public val isTerminated: Boolean get() = synchronized(this) { codec.isTerminated }

    /** Decodes one SSE event; returns the neutral events it carried (often one, sometimes none or several). */
    public fun feed(event: ServerSentEvent): List<LlmEvent> = feed(event.type, event.data)

    /**
     * Decodes one NDJSON line (Ollama native); blank lines are ignored. A line that is not JSON
     * becomes an [LlmEvent.Unknown].
     */
    public fun feedLine(line: String): List<LlmEvent> = if (line.isBlank()) emptyList() else feed(null, line)

    /** Decodes one already parsed NDJSON value (Ollama native). Kotlin only; Java uses [feedLine]. */
    @JvmSynthetic
    public fun feedJson(value: JsonElement): List<LlmEvent> = synchronized(this) {
        val raw = LlmRawEvent(null, value.toString())
        raw.json = value
        decode(raw)
    }

    /**
     * Marks the end of input. Raises the error a stream reported but never concluded (a Responses
     * `error` event with no `response.failed` after it); otherwise a stream that ended without its
     * terminal event simply has an incomplete result ([LlmResult.isComplete] is false).
     */
    public fun end(): List<LlmEvent> = synchronized(this) {
        error?.let { throw it }
        if (!codec.isTerminated) {
            codec.onEnd()
            raiseFailure()
        }
        emptyList()
    }

    /** The message accumulated so far: final once [isTerminated]. A fresh immutable copy each call. */
    public fun snapshot(): LlmResult = synchronized(this) { codec.snapshot() }

    private fun feed(type: String?, data: String): List<LlmEvent> = synchronized(this) {
        error?.let { throw it }
        if (codec.isTerminated) return emptyList()
        if (isKeepAlive(type, data)) {
            keepAlives++
            return emptyList()
        }
        val raw = LlmRawEvent(type, data)
        if (data.trim() != "[DONE]") raw.json = parseJsonOrNull(data)
        if (isKeepAlive(raw.json)) {
            keepAlives++
            return emptyList()
        }
        decode(raw)
    }

    private fun decode(raw: LlmRawEvent): List<LlmEvent> {
        val out = ArrayList<LlmEvent>(2)
        codec.onEvent(raw, raw.json, out)
        raiseFailure()
        return out
    }

    private fun raiseFailure() {
        val failure = codec.failure ?: return
        val e = LlmStreamException(
            provider, failure.type, failure.code, failure.message, failure.isRetryable, codec.snapshot(), failure.raw,
        )
        error = e
        throw e
    }

    override fun toString(): String = "LlmStreamDecoder(${provider.id}, terminated=$isTerminated)"
}
