package dev.sluice.internal.llm.provider.responses

import dev.sluice.internal.llm.string
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonArray
import java.util.TreeMap

/**
 * A content part (`output_text`, `refusal`, `reasoning_text`, `summary_text`) as the renderer
 * knows it: where its text starts in a neutral buffer, its announced and final JSON, annotations.
 */
internal class ResponsesPart(var base: JsonObject?, val buffer: PartBuffer) {
    val annotations = ArrayList<JsonElement>()

    /** The part as the API reports it when done; wins over the accumulated text. */
    var done: JsonObject? = null

    /** Where this part's text starts in its buffer; -1 until its first text. */
    var offset = -1

    fun render(defaultType: String, text: String): JsonObject {
        done?.let { return it }
        val b = base
        val type = b?.string("type") ?: defaultType
        val fields = LinkedHashMap<String, JsonElement>()
        fields["type"] = JsonPrimitive(type)
        b?.forEach { (k, v) -> fields[k] = v }
        fields[if (type == "refusal") "refusal" else "text"] = JsonPrimitive(text)
        if (type == "output_text") {
            val existing = (b?.get("annotations") as? JsonArray).orEmpty()
            fields["annotations"] = JsonArray(existing + annotations)
        }
        return JsonObject(fields)
    }
}

/** The neutral buffer a part's text streams into. */
internal enum class PartBuffer { TEXT, REFUSAL, REASONING }

/** One Responses output item (`message`, `function_call`, `reasoning`, ...) as the renderer knows it. */
internal class ResponsesItem(var base: JsonObject) {
    val type: String get() = base.string("type") ?: ""

    /** The item as `response.output_item.done` reported it; wins over the accumulated state. */
    var done: JsonObject? = null

    /** Message content parts, or reasoning content (`reasoning_text`) parts, by content index. */
    val parts = TreeMap<Int, ResponsesPart>()

    /** Reasoning summary parts by summary index. */
    val summary = TreeMap<Int, ResponsesPart>()

    /** The neutral index of a `function_call` item's tool call; -1 for other items. */
    var toolIndex = -1

    /** The item in the API's shape: the final one if done, otherwise the start plus what streamed. */
    fun render(text: (ResponsesPart) -> String, arguments: (Int) -> String?): JsonObject {
        done?.let { return it }
        val fields = LinkedHashMap<String, JsonElement>(base)
        when (type) {
            "message" -> fields["content"] = buildJsonArray { parts.values.forEach { add(it.render("output_text", text(it))) } }
            "function_call" -> arguments(toolIndex)?.let { fields["arguments"] = JsonPrimitive(it) }
            "reasoning" -> {
                if (summary.isNotEmpty()) fields["summary"] = buildJsonArray { summary.values.forEach { add(it.render("summary_text", text(it))) } }
                if (parts.isNotEmpty()) fields["content"] = buildJsonArray { parts.values.forEach { add(it.render("reasoning_text", text(it))) } }
            }
        }
        return JsonObject(fields)
    }
}

