package dev.sluice.internal.llm.provider.anthropic

import dev.sluice.internal.llm.StreamCodec
import dev.sluice.internal.llm.ToolCallState
import dev.sluice.internal.llm.intField
import dev.sluice.internal.llm.nonEmptyField
import dev.sluice.internal.llm.objectField
import dev.sluice.internal.llm.present
import dev.sluice.internal.llm.readError
import dev.sluice.internal.llm.requireObject
import dev.sluice.internal.llm.textField
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmRawEvent
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.doubleOrNull

/**
 * Anthropic Messages stream events: `message_stop` ends the stream, `event: error` fails it, `ping`
 * never reaches here. Keeps only which block is which (and a tool block's input until it stops);
 * usage counts are merged (`message_delta` values override `message_start` ones).
 */
internal class AnthropicCodec : StreamCodec() {
    private val blocks = HashMap<Int, Block>()
    private var lastIndex = -1
    private var toolCount = 0
    private val usage = LinkedHashMap<String, JsonElement>()
    private val scanner = AnthropicDeltaScanner()

    private class Block(val type: String, val start: JsonObject?) {
        var tool: ToolCallState? = null
    }

    override fun decode(raw: LlmRawEvent, json: JsonElement?, out: MutableList<LlmEvent>) {
        if (json == null) {
            when (raw.type) {
                "error" -> { fail(readError(null, raw)); return }
                "message_stop" -> { complete(raw, out); return } // a server that sent the terminal event without data
            }
        }
        val event = requireObject(raw, json)
        when (event.textField("type") ?: raw.type) {
            "message_start" -> onMessageStart(event, raw, out)
            "content_block_start" -> onBlockStart(event, raw, out)
            "content_block_delta" -> onBlockDelta(event, raw, out)
            "content_block_stop" -> onBlockStop(event, raw, out)
            "message_delta" -> onMessageDelta(event, raw, out)
            "message_stop" -> complete(raw, out)
            "error" -> fail(readError(event.present("error") ?: event, raw))
            else -> out.add(LlmEvent.Unknown(raw))
        }
    }

    private fun onMessageStart(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val message = json.objectField("message")
        noteId(message?.nonEmptyField("id"))
        noteModel(message?.nonEmptyField("model"))
        message?.textField("role")
        ensureStarted(raw, out)
        message?.objectField("usage")?.let { mergeUsage(it, raw, out) }
    }

    private fun mergeUsage(u: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        var changed = false
        for ((key, value) in u) {
            if (value is JsonPrimitive && !value.isString && value.doubleOrNull != null) {
                usage[key] = value
                changed = true
            }
        }
        if (changed) out.add(LlmEvent.Usage(anthropicUsage(JsonObject(usage)), raw))
    }

    private fun onBlockStart(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val start = json.objectField("content_block") ?: return
        val index = json.intField("index") ?: (lastIndex + 1)
        val block = Block(start.textField("type") ?: "", start)
        blocks[index] = block
        lastIndex = maxOf(lastIndex, index)
        ensureStarted(raw, out)
        when (block.type) {
            "text" -> start.textField("text")?.takeIf { it.isNotEmpty() }?.let { out.add(LlmEvent.TextDelta(0, it, raw)) }
            "thinking" -> start.textField("thinking")?.takeIf { it.isNotEmpty() }?.let { out.add(LlmEvent.ReasoningDelta(0, it, raw)) }
            "tool_use" -> {
                val tool = ToolCallState(0, toolCount++)
                tool.id = start.nonEmptyField("id")
                tool.name = start.nonEmptyField("name")
                block.tool = tool
                tool.start(raw, out)
            }
            "redacted_thinking", "server_tool_use" -> passOn(raw, out) // kept in the result; no neutral meaning
            else -> out.add(LlmEvent.Unknown(raw))
        }
    }

    private fun block(index: Int?, deltaType: String?): Block {
        val found = if (index != null) blocks[index] else blocks[lastIndex]
        if (found != null) return found
        // A block whose start never arrived, shaped after its first delta.
        val type = when (deltaType) {
            "thinking_delta", "signature_delta" -> "thinking"
            "input_json_delta" -> "tool_use"
            else -> "text"
        }
        val block = Block(type, null)
        val at = index ?: (lastIndex + 1)
        blocks[at] = block
        lastIndex = maxOf(lastIndex, at)
        if (type == "tool_use") block.tool = ToolCallState(0, toolCount++)
        return block
    }

    private fun onBlockDelta(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val delta = json.objectField("delta") ?: return
        val type = delta.textField("type")
        val block = block(json.intField("index"), type)
        ensureStarted(raw, out)
        val field = payloadField(type)
        when {
            field != null && type != null -> onPayload(block, type, delta.textField(field), raw, out)
            type == "citations_delta" -> passOn(raw, out)
            else -> out.add(LlmEvent.Unknown(raw))
        }
    }

    /**
     * The deltas [AnthropicDeltaScanner] recognises, decoded from its reading exactly as [decode]
     * would decode their tree; the tree itself is parsed only if someone reads it.
     */
    override fun decodeFast(raw: LlmRawEvent, out: MutableList<LlmEvent>): Boolean {
        if (raw.type == "error") return false
        val delta = scanner.scan(raw.data) ?: return false
        raw.scanned = delta
        raw.parseJsonLazily()
        val block = block(delta.index, delta.deltaType)
        ensureStarted(raw, out)
        onPayload(block, delta.deltaType, delta.payload, raw, out)
        return true
    }

    private fun onPayload(block: Block, type: String, payload: String?, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        if (payload == null) return
        when (type) {
            "text_delta" -> if (payload.isNotEmpty()) out.add(LlmEvent.TextDelta(0, payload, raw))
            "thinking_delta" -> if (payload.isNotEmpty()) out.add(LlmEvent.ReasoningDelta(0, payload, raw))
            "signature_delta" -> if (payload.isNotEmpty()) out.add(LlmEvent.ReasoningSignature(0, payload, raw))
            "input_json_delta" -> block.tool?.let { tool ->
                tool.start(raw, out)
                tool.appendArguments(payload, raw, out)
            }
        }
    }

    private fun onBlockStop(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val index = json.intField("index")
        val block = (if (index != null) blocks[index] else blocks[lastIndex]) ?: return
        val tool = block.tool ?: return
        tool.complete(raw, out, stoppedArguments(tool.arguments, block.start))
    }

    private fun onMessageDelta(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        ensureStarted(raw, out)
        json.objectField("usage")?.let { mergeUsage(it, raw, out) }
        val delta = json.objectField("delta") ?: return
        delta.textField("stop_sequence")
        val reason = delta.nonEmptyField("stop_reason") ?: return
        out.add(LlmEvent.Finished(0, reason, anthropicFinishReason(reason), raw))
    }
}

/**
 * A stopped tool block's arguments: the joined `partial_json`, or, when none streamed, the
 * start's `input` if a server sent it whole there, else `{}`.
 */
internal fun stoppedArguments(streamed: CharSequence, start: JsonObject?): String {
    if (streamed.isNotBlank()) return streamed.toString()
    val input = start?.get("input") as? JsonObject
    return if (input != null && input.isNotEmpty()) input.toString() else "{}"
}
