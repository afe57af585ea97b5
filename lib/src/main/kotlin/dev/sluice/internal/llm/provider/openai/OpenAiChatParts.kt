package dev.sluice.internal.llm.provider.openai

import dev.sluice.internal.llm.request.refuseCacheControl
import dev.sluice.internal.llm.request.refusePart
import dev.sluice.llm.request.ContentPart
import dev.sluice.llm.request.PartKind
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * One Chat Completions content part: `{type: text}`, `{type: image_url, image_url: {url}}` (bytes
 * as a `data:` URL), `{type: input_audio, input_audio: {data, format}}` (wav or mp3 bytes), or
 * `{type: file, file: {filename, file_data}}` (document bytes as a `data:` URL; the file name
 * defaults to `document.pdf` / `document`). A document or audio by URL has no Chat Completions
 * form and fails.
 */
internal fun chatPart(part: ContentPart, provider: Provider): JsonObject {
    part.refuseCacheControl(provider)
    return when (part.kind) {
        PartKind.TEXT -> obj("type" to JsonPrimitive("text"), "text" to JsonPrimitive(part.text))
        PartKind.IMAGE -> obj(
            "type" to JsonPrimitive("image_url"),
            "image_url" to obj("url" to JsonPrimitive(part.url ?: part.dataUrlText())),
        )
        PartKind.AUDIO -> {
            if (part.url != null) refusePart(provider, part, "send the audio bytes")
            val format = AUDIO_FORMATS[part.mediaType] ?: refusePart(provider, part, "input_audio takes wav or mp3")
            obj(
                "type" to JsonPrimitive("input_audio"),
                "input_audio" to obj("data" to JsonPrimitive(part.base64Text()), "format" to JsonPrimitive(format)),
            )
        }
        PartKind.DOCUMENT -> {
            if (part.url != null) refusePart(provider, part, "send the document's bytes (Chat Completions takes files as file_data or file_id)")
            val name = part.filename ?: if (part.mediaType == "application/pdf") "document.pdf" else "document"
            obj(
                "type" to JsonPrimitive("file"),
                "file" to obj("filename" to JsonPrimitive(name), "file_data" to JsonPrimitive(part.dataUrlText())),
            )
        }
    }
}

private val AUDIO_FORMATS = mapOf("audio/wav" to "wav", "audio/x-wav" to "wav", "audio/wave" to "wav", "audio/mpeg" to "mp3", "audio/mp3" to "mp3")

private fun ContentPart.dataUrlText(): String = dataUrl() ?: error("part without bytes or URL")

private fun ContentPart.base64Text(): String = base64() ?: error("part without bytes")

private fun obj(vararg fields: Pair<String, JsonElement>): JsonObject = JsonObject(linkedMapOf(*fields))
