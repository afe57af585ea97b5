package dev.sluice.internal.testkit

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.contentOrNull

/**
 * The text of the last user message of a request body in any of the five formats:
 * `messages` (Chat, Anthropic, Ollama), `input` (Responses, a string or a list of items) or
 * `contents` (Gemini, text in `parts`); content as a string or as parts with a `text` field
 * (tool results are skipped).
 */
internal fun lastUserMessage(body: JsonObject?): String? {
    if (body == null) return null
    val input = body["input"]
    if (input is JsonPrimitive && input.isString) return input.content
    val list = (body["messages"] as? JsonArray) ?: (input as? JsonArray) ?: (body["contents"] as? JsonArray) ?: return null
    for (i in list.indices.reversed()) {
        val message = list[i] as? JsonObject ?: continue
        val role = (message["role"] as? JsonPrimitive)?.contentOrNull
        if (role != "user") continue
        return contentText(message["content"] ?: message["parts"]) ?: continue
    }
    return null
}

private fun contentText(content: JsonElement?): String? = when (content) {
    is JsonPrimitive -> if (content.isString) content.content else null
    is JsonArray -> {
        val texts = content.mapNotNull { part ->
            val obj = part as? JsonObject ?: return@mapNotNull null
            val type = (obj["type"] as? JsonPrimitive)?.contentOrNull
            if (type != null && type != "text" && type != "input_text") return@mapNotNull null
            (obj["text"] as? JsonPrimitive)?.contentOrNull
        }
        if (texts.isEmpty()) null else texts.joinToString("\n")
    }
    else -> null
}
