package dev.sluice.internal.llm.sse

import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.LlmUsage
import dev.sluice.sse.SseEvent
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject
import java.util.Locale

/**
 * Plain text for browsers (`EventSource`): every text delta of the first choice as a `delta`
 * event whose data is the text, then one `done` event (`{"finish_reason": "stop", "usage": {...}}`,
 * the neutral finish reason in lower case, usage when known), or an `error` event
 * (`{"type": ..., "message": ...}`). Every event carries the next `id` (1, 2, 3...), so a browser
 * that reconnects says how far it got in `Last-Event-ID`. Tool calls, reasoning and refusals are
 * not sent.
 */
internal class TextSseEncoder : SseReencoder() {
    private var nextId = 1L
    private var finishReason: LlmFinishReason? = null
    private var usage: LlmUsage? = null

    override fun encode(event: LlmEvent, out: MutableList<SseEvent>) {
        when (event) {
            is LlmEvent.TextDelta -> if (event.choiceIndex == 0) out += frame("delta", event.text)
            is LlmEvent.Finished -> if (event.choiceIndex == 0) finishReason = event.finishReason
            is LlmEvent.Usage -> usage = event.usage
            is LlmEvent.StreamCompleted -> out += frame("done", done())
            else -> Unit
        }
    }

    override fun encodeError(error: Throwable, out: MutableList<SseEvent>) {
        val e = describeError(error, "error")
        out += frame("error", buildJsonObject { put("type", e.type); put("message", e.message) }.toString())
    }

    private fun done(): String = buildJsonObject {
        put("finish_reason", finishReason?.name?.lowercase(Locale.ROOT)?.let { JsonPrimitive(it) } ?: JsonNull)
        usage?.let { u ->
            putJsonObject("usage") {
                u.inputTokens?.let { put("input_tokens", it) }
                u.outputTokens?.let { put("output_tokens", it) }
                u.totalTokens?.let { put("total_tokens", it) }
            }
        }
    }.toString()

    private fun frame(type: String, data: String) = SseEvent(data, type, (nextId++).toString())
}
