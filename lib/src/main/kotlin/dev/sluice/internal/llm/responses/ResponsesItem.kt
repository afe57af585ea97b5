package dev.sluice.internal.llm.responses

import dev.sluice.internal.llm.TextBuffer
import dev.sluice.internal.llm.ToolCallState
import dev.sluice.internal.llm.string
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonArray
import java.util.TreeMap

/** A content part (`output_text`, `refusal`, `reasoning_text`, `summary_text`) being accumulated. */
internal class ResponsesPart(var base: JsonObject?) {
    val text = TextBuffer()
    val annotations = ArrayList<JsonElement>()

    /** The part as the API reports it when done; wins over the accumulated text. */
    var done: JsonObject? = null

    private val type: String get() = base?.string("type") ?: "output_text"

    fun render(defaultType: String): JsonObject {
        done?.let { return it }
        val b = base
        val type = b?.string("type") ?: defaultType
        val fields = LinkedHashMap<String, JsonElement>()
        fields["type"] = JsonPrimitive(type)
        b?.forEach { (k, v) -> fields[k] = v }
        val textField = if (type == "refusal") "refusal" else "text"
        fields[textField] = JsonPrimitive(text.value())
        if (type == "output_text") {
            val existing = (b?.get("annotations") as? JsonArray).orEmpty()
            fields["annotations"] = JsonArray(existing + annotations)
        }
        return JsonObject(fields)
    }

    override fun toString(): String = "ResponsesPart($type)"
}

/** One Responses output item (`message`, `function_call`, `reasoning`, ...) being accumulated. */
internal class ResponsesItem(val outputIndex: Int, var base: JsonObject) {
    val type: String get() = base.string("type") ?: ""
    val id: String? get() = base.string("id")

    /** The item as `response.output_item.done` reported it; wins over the accumulated state. */
    var done: JsonObject? = null

    /** Message content parts, or reasoning content (`reasoning_text`) parts, by content index. */
    val parts = TreeMap<Int, ResponsesPart>()

    /** Reasoning summary parts by summary index. */
    val summary = TreeMap<Int, ResponsesPart>()

    /** The neutral tool call of a `function_call` item. */
    var tool: ToolCallState? = null

    fun part(index: Int): ResponsesPart = parts.getOrPut(index) { ResponsesPart(null) }

    fun summaryPart(index: Int): ResponsesPart = summary.getOrPut(index) { ResponsesPart(null) }

    /** The item in the API's shape: the final one if done, otherwise the start plus what streamed. */
    fun render(): JsonObject {
        done?.let { return it }
        val fields = LinkedHashMap<String, JsonElement>(base)
        when (type) {
            "message" -> fields["content"] = buildJsonArray { parts.values.forEach { add(it.render("output_text")) } }
            "function_call" -> tool?.let { fields["arguments"] = JsonPrimitive(it.arguments.toString()) }
            "reasoning" -> {
                if (summary.isNotEmpty()) {
                    fields["summary"] = buildJsonArray { summary.values.forEach { add(it.render("summary_text")) } }
                }
                if (parts.isNotEmpty()) {
                    fields["content"] = buildJsonArray { parts.values.forEach { add(it.render("reasoning_text")) } }
                }
            }
        }
        return JsonObject(fields)
    }
}
