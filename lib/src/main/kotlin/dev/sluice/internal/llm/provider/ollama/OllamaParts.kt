package dev.sluice.internal.llm.provider.ollama

import dev.sluice.internal.llm.request.refuseCacheControl
import dev.sluice.internal.llm.request.refusePart
import dev.sluice.llm.request.ContentPart
import dev.sluice.llm.request.PartKind
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * An Ollama user message with parts: the text parts joined by a blank line as `content`, image
 * bytes as base64 strings in `images`. Ollama takes nothing else: images by URL, documents,
 * audio and cache control fail.
 */
internal fun ollamaUser(parts: List<ContentPart>): JsonObject {
    val provider = Provider.OLLAMA
    val texts = ArrayList<String>()
    val images = ArrayList<JsonPrimitive>()
    for (part in parts) {
        part.refuseCacheControl(provider)
        when {
            part.kind == PartKind.TEXT -> texts += part.text!!
            part.kind == PartKind.IMAGE && part.hasData -> images += JsonPrimitive(part.base64())
            part.kind == PartKind.IMAGE -> refusePart(provider, part, "Ollama takes images as bytes only")
            else -> refusePart(provider, part, "Ollama takes text and images only")
        }
    }
    val fields = linkedMapOf<String, kotlinx.serialization.json.JsonElement>(
        "role" to JsonPrimitive("user"),
        "content" to JsonPrimitive(texts.joinToString("\n\n")),
    )
    if (images.isNotEmpty()) fields["images"] = JsonArray(images)
    return JsonObject(fields)
}
