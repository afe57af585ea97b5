package dev.sluice.internal.llm.provider.anthropic

import dev.sluice.internal.llm.accumulate.AccumulatorState
import dev.sluice.internal.llm.accumulate.ResultRenderer
import dev.sluice.internal.llm.int
import dev.sluice.internal.llm.jsonString
import dev.sluice.internal.llm.nonEmpty
import dev.sluice.internal.llm.obj
import dev.sluice.internal.llm.parseJsonOrNull
import dev.sluice.internal.llm.string
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmRawEvent
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.put
import java.util.TreeMap

/**
 * The Anthropic `message` object: content blocks in index order. A text or thinking block holds
 * the offset where it starts in the neutral text or reasoning buffer (blocks stream one after
 * another), so block texts are slices of the accumulated answer, never copies. Keeps the block
 * starts, citations, signatures, `stop_sequence`, the role and the merged usage counts.
 */
internal class AnthropicRenderer : ResultRenderer {
    private val blocks = TreeMap<Int, Block>()
    private var role: String? = null
    private var stopSequence: String? = null
    private val usage = LinkedHashMap<String, JsonElement>()
    /** The `index` of the raw event the accumulator is applying (the block its events address). */
    private var currentIndex: Int? = null

    private class Block(val type: String, val start: JsonObject, val offset: Int) {
        val citations = ArrayList<JsonElement>()
        val signature = StringBuilder()

        /** The input of a `server_tool_use` block, which has no neutral tool call to hold it. */
        val serverInput = StringBuilder()
        var toolIndex = -1
        var isStopped = false
    }

    override fun onRaw(raw: LlmRawEvent, state: AccumulatorState) {
        (raw.scanned as? ScannedBlockDelta)?.let { delta ->
            currentIndex = delta.index
            val block = blockFor(delta.index, delta.deltaType, state)
            if (delta.deltaType == "input_json_delta" && block.type == "server_tool_use") block.serverInput.append(delta.payload)
            return
        }
        val json = raw.json as? JsonObject
        currentIndex = json?.int("index")
        if (json == null) return
        when (json.string("type") ?: raw.type) {
            "message_start" -> json.obj("message")?.let { m ->
                m.nonEmpty("role")?.let { role = it }
                m.obj("usage")?.let { merge(it) }
            }
            "content_block_start" -> json.obj("content_block")?.let { start ->
                val type = start.string("type") ?: ""
                blocks[currentIndex ?: nextIndex()] = Block(type, start, offsetFor(type, state))
            }
            "content_block_delta" -> {
                val delta = json.obj("delta") ?: return
                val type = delta.string("type")
                val block = blockFor(currentIndex, type, state)
                when (type) {
                    "citations_delta" -> delta["citation"]?.takeIf { it !is JsonNull }?.let { block.citations.add(it) }
                    "input_json_delta" -> if (block.type == "server_tool_use") block.serverInput.append(delta.string("partial_json") ?: "")
                }
            }
            "content_block_stop" -> (currentIndex?.let { blocks[it] } ?: blocks.lastEntry()?.value)?.isStopped = true
            "message_delta" -> {
                json.obj("usage")?.let { merge(it) }
                val delta = json.obj("delta") ?: return
                if (delta.containsKey("stop_sequence")) stopSequence = delta.string("stop_sequence")
            }
        }
    }

    override fun onEvent(event: LlmEvent, state: AccumulatorState) {
        when (event) {
            is LlmEvent.ToolCallStarted -> lastBlock()?.let { if (it.toolIndex < 0) it.toolIndex = event.index }
            is LlmEvent.ReasoningSignature -> lastBlock()?.signature?.append(event.signature)
            else -> Unit
        }
    }

    /** The block the current raw event addresses (the latest one). */
    private fun lastBlock(): Block? {
        val index = currentIndex
        return (if (index != null) blocks[index] else null) ?: blocks.lastEntry()?.value
    }

    private fun blockFor(index: Int?, deltaType: String?, state: AccumulatorState): Block {
        (if (index != null) blocks[index] else blocks.lastEntry()?.value)?.let { return it }
        val type = when (deltaType) {
            "thinking_delta", "signature_delta" -> "thinking"
            "input_json_delta" -> "tool_use"
            else -> "text"
        }
        val block = Block(type, buildJsonObject { put("type", type) }, offsetFor(type, state))
        blocks[index ?: nextIndex()] = block
        return block
    }

    private fun nextIndex(): Int = if (blocks.isEmpty()) 0 else blocks.lastKey() + 1

    private fun offsetFor(type: String, state: AccumulatorState): Int = when (type) {
        "text" -> state.textLength(0)
        "thinking" -> state.reasoningLength(0)
        else -> 0
    }

    private fun merge(u: JsonObject) {
        for ((key, value) in u) {
            if (value is JsonPrimitive && !value.isString && value.doubleOrNull != null) usage[key] = value
        }
    }

    override fun render(state: AccumulatorState): JsonObject {
        val choice = state.choices[0]
        val ordered = blocks.values.toList()
        val rendered = ordered.mapIndexed { i, block ->
            when (block.type) {
                "text" -> buildJsonObject {
                    put("type", "text")
                    put("text", choice?.text?.slice(block.offset, nextOffset(ordered, i)) ?: "")
                    if (block.citations.isNotEmpty()) put("citations", JsonArray(block.citations))
                }
                "thinking" -> buildJsonObject {
                    put("type", "thinking")
                    put("thinking", choice?.reasoning?.slice(block.offset, nextOffset(ordered, i)) ?: "")
                    put("signature", (block.start.string("signature") ?: "") + block.signature)
                }
                "tool_use", "server_tool_use" -> renderTool(block, state)
                else -> block.start
            }
        }
        return buildJsonObject {
            put("id", jsonString(state.id))
            put("type", "message")
            put("role", role ?: "assistant")
            put("model", jsonString(state.model))
            put("content", JsonArray(rendered))
            put("stop_reason", jsonString(choice?.rawFinishReason))
            put("stop_sequence", jsonString(stopSequence))
            put("usage", if (usage.isEmpty()) JsonNull else JsonObject(LinkedHashMap(usage)))
        }
    }

    /** Where the block after [i] of the same kind starts (this block ends there), or the buffer's end. */
    private fun nextOffset(ordered: List<Block>, i: Int): Int {
        val type = ordered[i].type
        for (k in i + 1 until ordered.size) if (ordered[k].type == type) return ordered[k].offset
        return Int.MAX_VALUE
    }

    private fun renderTool(block: Block, state: AccumulatorState): JsonObject = buildJsonObject {
        put("type", block.type)
        put("id", jsonString(block.start.string("id")))
        put("name", jsonString(block.start.string("name")))
        val streamed: CharSequence = if (block.type == "server_tool_use") block.serverInput else
            state.choices[0]?.tools?.get(block.toolIndex)?.arguments ?: ""
        val input: JsonElement? = when {
            !block.isStopped -> null
            streamed.isBlank() -> (block.start["input"] as? JsonObject)?.takeIf { it.isNotEmpty() } ?: JsonObject(emptyMap())
            else -> parseJsonOrNull(streamed.toString())
        }
        put("input", input ?: JsonNull)
        if (input == null) put("input_json_raw", streamed.toString())
    }
}
