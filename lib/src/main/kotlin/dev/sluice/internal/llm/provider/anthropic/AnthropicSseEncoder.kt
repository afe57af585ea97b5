package dev.sluice.internal.llm.provider.anthropic

import dev.sluice.internal.llm.sse.SseReencoder
import dev.sluice.internal.llm.sse.describeError
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.LlmUsage
import dev.sluice.sse.SseEvent
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject
import java.util.UUID

/**
 * Neutral events as Anthropic Messages SSE, as the API streams it and the official SDKs read it
 * (`event:` + `data:`, the type repeated in the JSON): `message_start` (id, model, usage so far),
 * then content blocks one after another, indexed 0, 1... in order: `text` (`text_delta`; refusal
 * text goes here too), `thinking` (`thinking_delta`, `signature_delta`), `tool_use` (id, name,
 * `input: {}`, then `input_json_delta` fragments), each opened by `content_block_start` and
 * closed by `content_block_stop` when the next begins or the call completes; then
 * `message_delta` (stop reason, final usage) and `message_stop`. An error is one `event: error`
 * (`{"type":"error","error":{"type","message"}}`), which the SDKs raise.
 *
 * `message_start` waits for the first event with content (or the end), so usage the provider sent
 * at its start (Anthropic's own `message_start`) is in it. Anthropic has one choice: events of
 * other choices are not sent. A reasoning signature outside a thinking block (Gemini's thought
 * signatures on function calls) is not sent. A tool call's arguments fragment that arrives after its block was
 * closed by a later block (interleaved parallel calls, which no known provider sends) is sent to
 * that block's index: the SDKs' accumulators and Sluice's decoder apply deltas by index.
 */
internal class AnthropicSseEncoder : SseReencoder() {
    private var id: String? = null
    private var model: String? = null
    private var started = false
    private var usage: LlmUsage? = null
    private var stopReason: String? = null
    private var nextBlock = 0
    private var open: Block? = null
    private val tools = HashMap<Int, Block>()

    private class Block(val index: Int, val type: String) {
        var streamed = 0L
    }

    override fun encode(event: LlmEvent, out: MutableList<SseEvent>) {
        when (event) {
            is LlmEvent.StreamStarted -> {
                if (id == null) id = event.id
                if (model == null) model = event.model
            }
            is LlmEvent.Usage -> usage = event.usage
            is LlmEvent.TextDelta -> if (event.choiceIndex == 0) text(event.text, out)
            is LlmEvent.RefusalDelta -> if (event.choiceIndex == 0) text(event.text, out)
            is LlmEvent.ReasoningDelta -> if (event.choiceIndex == 0) {
                delta(block("thinking", out), out) { put("type", "thinking_delta"); put("thinking", event.text) }
            }
            // A signature belongs to the thinking block it closes. Outside one (Gemini signs function
            // calls), it has no place in this format: opening a block for it would cut the open one.
            is LlmEvent.ReasoningSignature -> if (event.choiceIndex == 0 && open?.type == "thinking") {
                delta(open!!, out) { put("type", "signature_delta"); put("signature", event.signature) }
            }
            is LlmEvent.ToolCallStarted -> if (event.choiceIndex == 0) tool(event.index, event.id, event.name, out)
            is LlmEvent.ToolCallArgumentsDelta -> if (event.choiceIndex == 0) arguments(tool(event.index, null, null, out), event.delta, out)
            is LlmEvent.ToolCallCompleted -> if (event.choiceIndex == 0) {
                val tool = tool(event.index, event.id, event.name, out)
                // The completed call's arguments are the streamed ones, or whole when none streamed.
                if (event.arguments.length > tool.streamed) arguments(tool, event.arguments.substring(tool.streamed.toInt()), out)
                if (open === tool) closeBlock(out)
            }
            is LlmEvent.Finished -> if (event.choiceIndex == 0) stopReason = anthropicStop(event.rawFinishReason, event.finishReason)
            is LlmEvent.StreamCompleted -> {
                start(out)
                closeBlock(out)
                out += frame("message_delta") {
                    putJsonObject("delta") {
                        put("stop_reason", stopReason ?: "end_turn")
                        put("stop_sequence", JsonNull)
                    }
                    putJsonObject("usage") {
                        put("output_tokens", usage?.outputTokens ?: 0)
                        usage?.inputTokens?.let { put("input_tokens", it) }
                        usage?.cachedInputTokens?.let { put("cache_read_input_tokens", it) }
                    }
                }
                out += frame("message_stop") {}
            }
            is LlmEvent.Unknown, is LlmEvent.ProviderEvent -> Unit
        }
    }

    override fun encodeError(error: Throwable, out: MutableList<SseEvent>) {
        val e = describeError(error, "api_error")
        out += frame("error") {
            putJsonObject("error") {
                put("type", e.type)
                put("message", e.message)
            }
        }
    }

    private fun text(text: String, out: MutableList<SseEvent>) =
        delta(block("text", out), out) { put("type", "text_delta"); put("text", text) }

    /** The open block when it has [type], else a new one. */
    private fun block(type: String, out: MutableList<SseEvent>): Block {
        open?.takeIf { it.type == type }?.let { return it }
        return openBlock(type, out) {
            put("type", type)
            put(type, "")
            if (type == "thinking") put("signature", "")
        }
    }

    private fun tool(index: Int, callId: String?, name: String?, out: MutableList<SseEvent>): Block {
        tools[index]?.let { return it }
        val block = openBlock("tool_use", out) {
            put("type", "tool_use")
            put("id", callId ?: "toolu_sluice_$index")
            put("name", name ?: "")
            put("input", JsonObject(emptyMap()))
        }
        tools[index] = block
        return block
    }

    private fun arguments(tool: Block, fragment: String, out: MutableList<SseEvent>) {
        if (fragment.isEmpty()) return
        tool.streamed += fragment.length
        delta(tool, out) { put("type", "input_json_delta"); put("partial_json", fragment) }
    }

    private fun openBlock(type: String, out: MutableList<SseEvent>, contentBlock: JsonObjectBuilder.() -> Unit): Block {
        start(out)
        closeBlock(out)
        val block = Block(nextBlock++, type)
        out += frame("content_block_start") {
            put("index", block.index)
            put("content_block", buildJsonObject(contentBlock))
        }
        open = block
        return block
    }

    private fun closeBlock(out: MutableList<SseEvent>) {
        val block = open ?: return
        open = null
        out += frame("content_block_stop") { put("index", block.index) }
    }

    private fun delta(block: Block, out: MutableList<SseEvent>, delta: JsonObjectBuilder.() -> Unit) {
        out += frame("content_block_delta") {
            put("index", block.index)
            put("delta", buildJsonObject(delta))
        }
    }

    /** `message_start`, once, before anything else. */
    private fun start(out: MutableList<SseEvent>) {
        if (started) return
        started = true
        val u = usage
        out += frame("message_start") {
            putJsonObject("message") {
                put("id", id ?: ("msg_sluice_" + UUID.randomUUID().toString().replace("-", "")))
                put("type", "message")
                put("role", "assistant")
                put("model", model ?: "")
                put("content", JsonArray(emptyList()))
                put("stop_reason", JsonNull)
                put("stop_sequence", JsonNull)
                putJsonObject("usage") {
                    put("input_tokens", u?.inputTokens ?: 0)
                    put("cache_creation_input_tokens", JsonNull)
                    put("cache_read_input_tokens", u?.cachedInputTokens)
                    put("output_tokens", u?.outputTokens ?: 0)
                }
            }
        }
    }

    private fun frame(type: String, fields: JsonObjectBuilder.() -> Unit): SseEvent =
        SseEvent(buildJsonObject { put("type", type); fields() }.toString(), type)
}

private val ANTHROPIC_STOP_REASONS =
    setOf("end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn", "refusal", "model_context_window_exceeded")

/** The provider's value when Anthropic has it, else the neutral reason's Anthropic value. */
internal fun anthropicStop(reason: String?, finishReason: LlmFinishReason): String = when {
    reason in ANTHROPIC_STOP_REASONS -> reason!!
    finishReason == LlmFinishReason.LENGTH -> "max_tokens"
    finishReason == LlmFinishReason.TOOL_CALLS -> "tool_use"
    finishReason == LlmFinishReason.CONTENT_FILTER -> "refusal"
    else -> "end_turn"
}
