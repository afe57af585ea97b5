package dev.sluice.internal.llm

import dev.sluice.internal.llm.anthropic.AnthropicCodec
import dev.sluice.internal.llm.ollama.OllamaCodec
import dev.sluice.internal.llm.openai.ChatCodec
import dev.sluice.internal.llm.responses.ResponsesCodec
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmRawEvent
import dev.sluice.llm.LlmResult
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonElement

/**
 * One provider's wire format: turns wire events into neutral events and, in the same pass,
 * accumulates the provider-shaped message. Keep-alives never reach it. Not thread-safe.
 */
internal abstract class WireCodec(val provider: Provider) {
    /** Set when the terminal event arrived; the decoder then ignores the rest of the stream. */
    var isTerminated: Boolean = false
        protected set

    /** Set when the stream reported an error that ends it; the decoder raises it with [snapshot]. */
    var failure: StreamError? = null
        protected set

    private var started = false

    /** Handles one wire event; [json] is its parsed data (`null` when not JSON, e.g. `[DONE]`). */
    abstract fun onEvent(raw: LlmRawEvent, json: JsonElement?, out: MutableList<LlmEvent>)

    /** End of input without a terminal event. May set [failure] (a reported error never concluded). */
    open fun onEnd() {}

    /** The message accumulated so far. */
    abstract fun snapshot(): LlmResult

    /** The first non-empty id and model seen so far, for [LlmEvent.StreamStarted]. */
    protected abstract val startId: String?
    protected abstract val startModel: String?

    /** Emits [LlmEvent.StreamStarted] once, before any other neutral event. */
    protected fun ensureStarted(raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        if (started) return
        started = true
        out.add(LlmEvent.StreamStarted(startId, startModel, raw))
    }

    protected fun terminate() {
        isTerminated = true
    }

    protected fun fail(error: StreamError) {
        failure = error
        isTerminated = true
    }

    companion object {
        fun create(provider: Provider): WireCodec = when (provider) {
            Provider.OPENAI_CHAT, Provider.OPENAI_COMPATIBLE -> ChatCodec(provider)
            Provider.OPENAI_RESPONSES -> ResponsesCodec()
            Provider.ANTHROPIC -> AnthropicCodec()
            Provider.OLLAMA -> OllamaCodec()
        }
    }
}
