package dev.sluice.internal.llm.provider.ollama

import dev.sluice.internal.llm.StreamCodec
import dev.sluice.internal.llm.ToolCallState
import dev.sluice.internal.llm.arrayField
import dev.sluice.internal.llm.booleanField
import dev.sluice.internal.llm.intField
import dev.sluice.internal.llm.long
import dev.sluice.internal.llm.nonEmptyField
import dev.sluice.internal.llm.objectField
import dev.sluice.internal.llm.objectsOf
import dev.sluice.internal.llm.present
import dev.sluice.internal.llm.readError
import dev.sluice.internal.llm.requireObject
import dev.sluice.internal.llm.textField
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.LlmRawEvent
import dev.sluice.llm.LlmUsage
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Ollama native `/api/chat` NDJSON lines: `message` deltas (content, thinking, whole tool calls),
 * then a line with `done: true` and the counts, which ends the stream. An `error` line fails it.
 */
internal class OllamaCodec : StreamCodec() {
    private var toolCount = 0

    override fun decode(raw: LlmRawEvent, json: JsonElement?, out: MutableList<LlmEvent>) {
        val line = requireObject(raw, json)
        line.present("error")?.let { fail(readError(it, raw)); return }
        val message = line.objectField("message")
        val done = line.booleanField("done")
        if (message == null && done == null) {
            out.add(LlmEvent.Unknown(raw))
            return
        }
        noteModel(line.nonEmptyField("model"))
        ensureStarted(raw, out)
        if (message != null) onMessage(message, raw, out)
        if (done == true) onDone(line, raw, out)
    }

    private fun onMessage(m: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        m.textField("role")
        m.textField("content")?.takeIf { it.isNotEmpty() }?.let { out.add(LlmEvent.TextDelta(0, it, raw)) }
        m.textField("thinking")?.takeIf { it.isNotEmpty() }?.let { out.add(LlmEvent.ReasoningDelta(0, it, raw)) }
        val calls = m.arrayField("tool_calls") ?: return
        for (element in objectsOf("tool_calls", calls)) {
            val function = element.objectField("function")
            val tool = ToolCallState(0, function?.intField("index") ?: toolCount)
            toolCount++
            tool.id = element.nonEmptyField("id")
            tool.name = function?.nonEmptyField("name")
            tool.start(raw, out)
            val args = function?.get("arguments")
            tool.appendArguments(if (args is JsonPrimitive && args.isString) args.content else args?.toString() ?: "{}", raw, out)
            tool.complete(raw, out)
        }
    }

    private fun onDone(line: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val reason = line.nonEmptyField("done_reason")
        ollamaUsage(line)?.let { out.add(LlmEvent.Usage(it, raw)) }
        val normalized = if (toolCount > 0 && reason == "stop") LlmFinishReason.TOOL_CALLS else ollamaFinishReason(reason)
        out.add(LlmEvent.Finished(0, reason, normalized, raw))
        complete(raw, out)
    }
}

internal fun ollamaFinishReason(reason: String?): LlmFinishReason = when (reason) {
    null, "stop" -> LlmFinishReason.STOP
    "length" -> LlmFinishReason.LENGTH
    else -> LlmFinishReason.OTHER
}

/** The counts of the final line; `null` when it has none. */
internal fun ollamaUsage(line: JsonObject): LlmUsage? {
    val prompt = line.present("prompt_eval_count")
    val eval = line.present("eval_count")
    if (prompt == null && eval == null) return null
    val json = JsonObject(mapOf("prompt_eval_count" to (prompt ?: kotlinx.serialization.json.JsonNull), "eval_count" to (eval ?: kotlinx.serialization.json.JsonNull)))
    return LlmUsage(json.long("prompt_eval_count"), json.long("eval_count"), null, null, null, json.toString())
}
