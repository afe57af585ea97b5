package dev.sluice.internal.llm.provider.gemini

import dev.sluice.internal.llm.request.refuseCacheControl
import dev.sluice.internal.llm.request.refusePart
import dev.sluice.llm.request.ContentPart
import dev.sluice.llm.request.PartKind
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * One Gemini part: `{text}`, bytes as `{inlineData: {mimeType, data}}` (base64), a URL as
 * `{fileData: {mimeType, fileUri}}`, which needs the media type (give it to
 * `ContentPart.imageUrl(url, mediaType)`). Cache control (Gemini caches through its own API) fails.
 */
internal fun geminiPart(part: ContentPart): JsonObject {
    val provider = Provider.GEMINI
    part.refuseCacheControl(provider)
    if (part.kind == PartKind.TEXT) return JsonObject(mapOf("text" to JsonPrimitive(part.text)))
    val url = part.url
    if (url != null) {
        val type = part.mediaType ?: refusePart(provider, part, "fileData needs the media type: pass it with the URL")
        return JsonObject(mapOf("fileData" to JsonObject(linkedMapOf("mimeType" to JsonPrimitive(type), "fileUri" to JsonPrimitive(url)))))
    }
    return JsonObject(
        mapOf("inlineData" to JsonObject(linkedMapOf("mimeType" to JsonPrimitive(part.mediaType), "data" to JsonPrimitive(part.base64())))),
    )
}
