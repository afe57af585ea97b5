package dev.sluice.internal.llm.responses

import dev.sluice.internal.llm.array
import dev.sluice.internal.llm.jsonString
import dev.sluice.internal.llm.nonEmpty
import dev.sluice.internal.llm.orJsonNull
import dev.sluice.internal.llm.present
import dev.sluice.internal.llm.string
import dev.sluice.llm.LlmChoice
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.LlmToolCall
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * The output items: the terminal response's own `output` when it has one (the API's final word),
 * otherwise the items as accumulated from the stream.
 */
internal fun renderOutput(response: JsonObject?, items: Collection<ResponsesItem>): JsonArray {
    val final = response?.array("output")
    if (final != null && final.isNotEmpty()) return final
    return JsonArray(items.map { it.render() })
}

/** The text of every `output_text` part of every message item, in order. */
internal fun outputText(output: JsonArray): String = buildString {
    parts(output, "message", "content").filter { it.string("type") == "output_text" }.forEach { append(it.string("text") ?: "") }
}

private fun parts(output: JsonArray, itemType: String, field: String): List<JsonObject> =
    output.filterIsInstance<JsonObject>().filter { it.string("type") == itemType }
        .flatMap { it.array(field).orEmpty().filterIsInstance<JsonObject>() }

/** The `response` object with `output_text`, as the CLI prints it. */
internal fun renderResponse(id: String?, model: String?, response: JsonObject?, output: JsonArray): JsonObject =
    buildJsonObject {
        put("id", jsonString(id))
        put("model", jsonString(model))
        put("status", jsonString(response?.nonEmpty("status")))
        put("output", output)
        put("output_text", outputText(output))
        put("usage", response?.present("usage").orJsonNull())
        put("error", response?.present("error").orJsonNull())
        put("incomplete_details", response?.present("incomplete_details").orJsonNull())
    }

internal fun responsesChoice(output: JsonArray, reason: String?, normalized: LlmFinishReason?): LlmChoice {
    val messageParts = parts(output, "message", "content")
    val texts = messageParts.filter { it.string("type") == "output_text" }
    val refusals = messageParts.filter { it.string("type") == "refusal" }
    val reasoning = parts(output, "reasoning", "summary") + parts(output, "reasoning", "content")
    val calls = output.filterIsInstance<JsonObject>().filter { it.string("type") == "function_call" }
    return LlmChoice(
        index = 0,
        role = output.filterIsInstance<JsonObject>().firstNotNullOfOrNull { it.nonEmpty("role") } ?: "assistant",
        text = if (texts.isEmpty()) null else texts.joinToString("") { it.string("text") ?: "" },
        reasoning = if (reasoning.isEmpty()) null else reasoning.joinToString("") { it.string("text") ?: "" },
        reasoningSignature = null,
        refusal = if (refusals.isEmpty()) null else refusals.joinToString("") { it.string("refusal") ?: "" },
        toolCalls = calls.mapIndexed { i, c ->
            LlmToolCall(
                index = i,
                id = c.nonEmpty("call_id"),
                itemId = c.nonEmpty("id"),
                type = "function",
                name = c.nonEmpty("name"),
                arguments = c.string("arguments") ?: "",
                isComplete = c.string("status") == "completed",
            )
        },
        finishReason = reason,
        normalizedFinishReason = normalized,
    )
}
