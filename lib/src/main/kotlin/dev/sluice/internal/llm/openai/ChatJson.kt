package dev.sluice.internal.llm.openai

import dev.sluice.internal.llm.jsonString
import dev.sluice.internal.llm.normalizeFinishReason
import dev.sluice.internal.llm.orJsonNull
import dev.sluice.llm.LlmChoice
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

internal fun ChatChoiceState.toPublic(): LlmChoice = LlmChoice(
    index = index,
    role = role ?: "assistant",
    text = content.valueOrNull(),
    reasoning = reasoning.valueOrNull(),
    reasoningSignature = null,
    refusal = refusal.valueOrNull(),
    toolCalls = sortedTools().map { it.toPublic() },
    finishReason = finishReason,
    normalizedFinishReason = normalizeFinishReason(finishReason),
)

/** The `chat.completion` object a non-streaming request would have returned. */
internal fun renderChatCompletion(
    id: String?,
    model: String?,
    created: JsonPrimitive?,
    choices: List<ChatChoiceState>,
    usage: JsonObject?,
): JsonObject = buildJsonObject {
    put("id", jsonString(id))
    put("object", "chat.completion")
    put("created", created.orJsonNull())
    put("model", jsonString(model))
    put("choices", buildJsonArray { choices.forEach { add(renderChoice(it)) } })
    put("usage", usage.orJsonNull())
}

private fun renderChoice(c: ChatChoiceState): JsonObject = buildJsonObject {
    put("index", c.index)
    put("message", buildJsonObject {
        put("role", c.role ?: "assistant")
        put("content", jsonString(c.content.valueOrNull()))
        put("refusal", jsonString(c.refusal.valueOrNull()))
        put("tool_calls", buildJsonArray {
            c.sortedTools().forEach { t ->
                add(buildJsonObject {
                    put("id", jsonString(t.id))
                    put("type", t.type?.takeIf { it.isNotEmpty() } ?: "function")
                    put("function", buildJsonObject {
                        put("name", jsonString(t.name))
                        put("arguments", t.arguments.toString())
                    })
                })
            }
        })
        c.reasoning.valueOrNull()?.let { put("reasoning_content", it) }
    })
    put("finish_reason", jsonString(c.finishReason))
}
