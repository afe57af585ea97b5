package dev.sluice.internal.llm.anthropic

import dev.sluice.internal.llm.ToolCallState
import dev.sluice.internal.llm.jsonString
import dev.sluice.internal.llm.obj
import dev.sluice.internal.llm.parseJsonOrNull
import dev.sluice.internal.llm.string
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/** One Anthropic content block being accumulated, from `content_block_start` to `content_block_stop`. */
internal class AnthropicBlock(val index: Int, val start: JsonObject) {
    val type: String = start.string("type") ?: ""

    /** `text` of a text block, `thinking` of a thinking block. */
    val text = StringBuilder(start.string("text") ?: start.string("thinking") ?: "")
    val signature = StringBuilder(start.string("signature") ?: "")
    val partialJson = StringBuilder()
    val citations = ArrayList<JsonElement>()
    var isStopped = false

    /** The neutral tool call of a `tool_use` block. */
    var tool: ToolCallState? = null

    val isToolUse: Boolean get() = type == "tool_use" || type == "server_tool_use"

    /**
     * The tool input: the joined `partial_json` parsed once the block stopped (`{}` when none
     * streamed; the start's `input` when a server sent it whole there); `null` while the block is
     * open or when the joined text is not valid JSON.
     */
    fun parsedInput(): JsonElement? {
        if (!isStopped) return null
        if (partialJson.isBlank()) return start.obj("input")?.takeIf { it.isNotEmpty() } ?: JsonObject(emptyMap())
        return parseJsonOrNull(partialJson.toString())
    }

    /** The arguments text reported for the neutral tool call. */
    fun argumentsText(): String = if (partialJson.isBlank()) parsedInput()?.toString() ?: "{}" else partialJson.toString()

    fun render(): JsonObject = when {
        type == "text" -> buildJsonObject {
            put("type", "text")
            put("text", text.toString())
            if (citations.isNotEmpty()) put("citations", JsonArray(citations))
        }
        type == "thinking" -> buildJsonObject {
            put("type", "thinking")
            put("thinking", text.toString())
            put("signature", signature.toString())
        }
        isToolUse -> buildJsonObject {
            put("type", type)
            put("id", jsonString(start.string("id")))
            put("name", jsonString(start.string("name")))
            val input = parsedInput()
            put("input", input ?: JsonNull)
            if (input == null) put("input_json_raw", partialJson.toString())
        }
        else -> start
    }
}
