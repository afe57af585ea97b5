package dev.sluice.internal.llm.provider.ollama

import dev.sluice.internal.llm.accumulate.AccumulatorState
import dev.sluice.internal.llm.accumulate.ResultRenderer
import dev.sluice.internal.llm.array
import dev.sluice.internal.llm.jsonString
import dev.sluice.internal.llm.nonEmpty
import dev.sluice.internal.llm.obj
import dev.sluice.internal.llm.orJsonNull
import dev.sluice.internal.llm.present
import dev.sluice.llm.LlmRawEvent
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * The `/api/chat` non-streaming reply. Keeps the role, whether `content` was sent at all, the
 * tool calls as the server sent them (whole, small), and the final line's reason and counts.
 */
internal class OllamaRenderer : ResultRenderer {
    private var role: String? = null
    private var contentSent = false
    private val toolCalls = ArrayList<JsonElement>()
    private var doneReason: String? = null
    private var promptEvalCount: JsonElement? = null
    private var evalCount: JsonElement? = null

    override fun onRaw(raw: LlmRawEvent, state: AccumulatorState) {
        val line = raw.json as? JsonObject ?: return
        line.obj("message")?.let { m ->
            m.nonEmpty("role")?.let { role = it }
            if ((m["content"] as? JsonPrimitive)?.isString == true) contentSent = true
            m.array("tool_calls")?.forEach { if (it is JsonObject) toolCalls.add(it) }
        }
        if ((line["done"] as? JsonPrimitive)?.content == "true") {
            doneReason = line.nonEmpty("done_reason")
            promptEvalCount = line.present("prompt_eval_count")
            evalCount = line.present("eval_count")
        }
    }

    override fun render(state: AccumulatorState): JsonObject = buildJsonObject {
        val choice = state.choices[0]
        put("model", jsonString(state.model))
        put("message", buildJsonObject {
            put("role", role ?: "assistant")
            put("content", jsonString(choice?.text?.valueOrNull() ?: if (contentSent) "" else null))
            choice?.reasoning?.valueOrNull()?.let { put("thinking", it) }
            put("tool_calls", buildJsonArray { toolCalls.forEach { add(it) } })
        })
        put("done_reason", jsonString(doneReason))
        put("prompt_eval_count", promptEvalCount.orJsonNull())
        put("eval_count", evalCount.orJsonNull())
    }
}
