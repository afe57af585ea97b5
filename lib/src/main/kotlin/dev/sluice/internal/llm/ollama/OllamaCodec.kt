package dev.sluice.internal.llm.ollama

import dev.sluice.internal.llm.TextBuffer
import dev.sluice.internal.llm.ToolCallState
import dev.sluice.internal.llm.WireCodec
import dev.sluice.internal.llm.array
import dev.sluice.internal.llm.int
import dev.sluice.internal.llm.jsonString
import dev.sluice.internal.llm.long
import dev.sluice.internal.llm.nonEmpty
import dev.sluice.internal.llm.normalizeFinishReason
import dev.sluice.internal.llm.obj
import dev.sluice.internal.llm.orJsonNull
import dev.sluice.internal.llm.present
import dev.sluice.internal.llm.readError
import dev.sluice.internal.llm.string
import dev.sluice.llm.LlmChoice
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.LlmRawEvent
import dev.sluice.llm.LlmResult
import dev.sluice.llm.LlmUsage
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * Ollama native `/api/chat` NDJSON lines: `message` deltas (content, thinking, whole tool calls),
 * then a line with `done: true` and the counts, which ends the stream. An `error` line fails it.
 */
internal class OllamaCodec : WireCodec(Provider.OLLAMA) {
    private var model: String? = null
    private var role: String? = null
    private val content = TextBuffer()
    private val thinking = TextBuffer()
    private val toolCalls = ArrayList<Pair<JsonObject, ToolCallState>>()
    private var doneReason: String? = null
    private var promptEvalCount: JsonElement? = null
    private var evalCount: JsonElement? = null

    override val startId: String? get() = null
    override val startModel: String? get() = model

    override fun onEvent(raw: LlmRawEvent, json: JsonElement?, out: MutableList<LlmEvent>) {
        if (json !is JsonObject) {
            out.add(LlmEvent.Unknown(raw))
            return
        }
        json.present("error")?.let { fail(readError(it, raw)); return }
        val message = json.obj("message")
        val done = (json["done"] as? JsonPrimitive)?.booleanOrNull
        if (message == null && done == null) {
            out.add(LlmEvent.Unknown(raw))
            return
        }
        if (model == null) model = json.nonEmpty("model")
        ensureStarted(raw, out)
        if (message != null) onMessage(message, raw, out)
        if (done == true) onDone(json, raw, out)
    }

    private fun onMessage(m: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        m.nonEmpty("role")?.let { role = it }
        m.string("content")?.let { text ->
            content.append(text)
            if (text.isNotEmpty()) out.add(LlmEvent.TextDelta(0, text, raw))
        }
        m.string("thinking")?.let { text ->
            thinking.append(text)
            if (text.isNotEmpty()) out.add(LlmEvent.ReasoningDelta(0, text, raw))
        }
        m.array("tool_calls")?.forEach { element ->
            if (element !is JsonObject) return@forEach
            val function = element.obj("function")
            val tool = ToolCallState(0, function?.int("index") ?: toolCalls.size)
            tool.id = element.nonEmpty("id")
            tool.name = function?.nonEmpty("name")
            tool.start(raw, out)
            val args = function?.get("arguments")
            tool.appendArguments(if (args is JsonPrimitive && args.isString) args.content else args?.toString() ?: "{}", raw, out)
            tool.complete(raw, out)
            toolCalls.add(element to tool)
        }
    }

    private fun onDone(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        doneReason = json.nonEmpty("done_reason")
        promptEvalCount = json.present("prompt_eval_count")
        evalCount = json.present("eval_count")
        usage()?.let { out.add(LlmEvent.Usage(it, raw)) }
        val reason = doneReason
        val normalized = if (toolCalls.isNotEmpty() && reason == "stop") LlmFinishReason.TOOL_CALLS
        else normalizeFinishReason(reason) ?: LlmFinishReason.STOP
        out.add(LlmEvent.Finished(0, reason, normalized, raw))
        terminate()
    }

    private fun usage(): LlmUsage? {
        if (promptEvalCount == null && evalCount == null) return null
        val u = buildJsonObject {
            put("prompt_eval_count", promptEvalCount.orJsonNull())
            put("eval_count", evalCount.orJsonNull())
        }
        return LlmUsage(u.long("prompt_eval_count"), u.long("eval_count"), null, null, null, u.toString())
    }

    override fun snapshot(): LlmResult {
        val choice = LlmChoice(
            index = 0,
            role = role ?: "assistant",
            text = content.valueOrNull(),
            reasoning = thinking.valueOrNull(),
            reasoningSignature = null,
            refusal = null,
            toolCalls = toolCalls.map { it.second.toPublic() },
            finishReason = doneReason,
            normalizedFinishReason = normalizeFinishReason(doneReason),
        )
        val json = buildJsonObject {
            put("model", jsonString(model))
            put("message", buildJsonObject {
                put("role", role ?: "assistant")
                put("content", jsonString(content.valueOrNull()))
                thinking.valueOrNull()?.let { put("thinking", it) }
                put("tool_calls", buildJsonArray { toolCalls.forEach { add(it.first) } })
            })
            put("done_reason", jsonString(doneReason))
            put("prompt_eval_count", promptEvalCount.orJsonNull())
            put("eval_count", evalCount.orJsonNull())
        }
        return LlmResult(provider, null, model, listOf(choice), usage(), null, isTerminated && failure == null, json)
    }
}
