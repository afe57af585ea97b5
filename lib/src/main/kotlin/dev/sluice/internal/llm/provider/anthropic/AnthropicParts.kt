package dev.sluice.internal.llm.provider.anthropic

import dev.sluice.internal.llm.request.refusePart
import dev.sluice.llm.request.ContentPart
import dev.sluice.llm.request.PartKind
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * One Anthropic content block: `text`, `image` or `document` with a `source` of
 * `{type: base64, media_type, data}` (a `text/plain` document: `{type: text, media_type, data}`)
 * or `{type: url, url}`, and `cache_control: {type: ephemeral}`
 * when the part asks for it. Audio has no Anthropic form and fails.
 */
internal fun anthropicBlock(part: ContentPart): JsonObject {
    val fields = LinkedHashMap<String, JsonElement>()
    when (part.kind) {
        PartKind.TEXT -> fields += textBlock(part.text!!)
        PartKind.IMAGE -> {
            fields["type"] = JsonPrimitive("image")
            fields["source"] = source(part)
        }
        PartKind.DOCUMENT -> {
            fields["type"] = JsonPrimitive("document")
            fields["source"] = source(part)
        }
        PartKind.AUDIO -> refusePart(Provider.ANTHROPIC, part, "use Chat Completions (input_audio) or Gemini for audio")
    }
    if (part.isCacheControl) fields["cache_control"] = JsonObject(mapOf("type" to JsonPrimitive("ephemeral")))
    return JsonObject(fields)
}

private fun source(part: ContentPart): JsonObject = if (part.url != null) {
    JsonObject(linkedMapOf("type" to JsonPrimitive("url"), "url" to JsonPrimitive(part.url)))
} else if (part.kind == PartKind.DOCUMENT && part.mediaType == "text/plain") {
    JsonObject(
        linkedMapOf(
            "type" to JsonPrimitive("text"),
            "media_type" to JsonPrimitive("text/plain"),
            "data" to JsonPrimitive(String(part.data!!, Charsets.UTF_8)),
        ),
    )
} else {
    JsonObject(
        linkedMapOf(
            "type" to JsonPrimitive("base64"),
            "media_type" to JsonPrimitive(part.mediaType),
            "data" to JsonPrimitive(part.base64()),
        ),
    )
}
