package dev.sluice.internal.llm.provider.responses

import dev.sluice.internal.llm.request.refuseCacheControl
import dev.sluice.internal.llm.request.refusePart
import dev.sluice.llm.request.ContentPart
import dev.sluice.llm.request.PartKind
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * One Responses input content item: `input_text`, `input_image` (`image_url`: the URL, or the
 * bytes as a `data:` URL), `input_file` (`file_url`, or `filename` and `file_data` as a `data:`
 * URL). Audio has no Responses input form and fails.
 */
internal fun responsesPart(part: ContentPart): JsonObject {
    val provider = Provider.OPENAI_RESPONSES
    part.refuseCacheControl(provider)
    return when (part.kind) {
        PartKind.TEXT -> obj("type" to JsonPrimitive("input_text"), "text" to JsonPrimitive(part.text))
        PartKind.IMAGE -> obj("type" to JsonPrimitive("input_image"), "image_url" to JsonPrimitive(part.url ?: part.dataUrl()))
        PartKind.DOCUMENT -> if (part.url != null) {
            obj("type" to JsonPrimitive("input_file"), "file_url" to JsonPrimitive(part.url))
        } else {
            val name = part.filename ?: if (part.mediaType == "application/pdf") "document.pdf" else "document"
            obj("type" to JsonPrimitive("input_file"), "filename" to JsonPrimitive(name), "file_data" to JsonPrimitive(part.dataUrl()))
        }
        PartKind.AUDIO -> refusePart(provider, part, "use Chat Completions (input_audio) or Gemini for audio")
    }
}

private fun obj(vararg fields: Pair<String, JsonElement>): JsonObject = JsonObject(linkedMapOf(*fields))
