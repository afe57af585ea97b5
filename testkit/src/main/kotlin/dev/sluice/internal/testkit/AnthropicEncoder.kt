package dev.sluice.internal.testkit

import dev.sluice.testkit.FinishReason
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.addJsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.putJsonObject

/**
 * Anthropic Messages: `event:` + `data:` pairs. `message_start` (usage with the input tokens),
 * one content block per script part (`thinking` with `thinking_delta`s and a `signature_delta`,
 * `text` with `text_delta`s, `tool_use` with an empty then fragment `input_json_delta`s), a
 * `ping` after the first block start as the API does, `message_delta` (stop reason, output
 * tokens) and `message_stop`.
 */
internal class AnthropicEncoder(plan: ReplyPlan) : WireEncoder(plan) {
    private val id = "msg_fake_${plan.number}"

    override val streamContentType: String = "text/event-stream"

    override fun frames(): List<Frame> {
        val frames = ArrayList<Frame>()
        frames += plain("message_start", buildJsonObject {
            put("type", "message_start")
            put("message", message(content = JsonArray(emptyList()), stopReason = null, outputTokens = 1))
        })
        plan.parts.forEachIndexed { index, part ->
            frames += plain("content_block_start", buildJsonObject {
                put("type", "content_block_start")
                put("index", index)
                put("content_block", blockStart(part))
            })
            if (index == 0) frames += plain("ping", buildJsonObject { put("type", "ping") })
            when (part) {
                is ScriptPart.Text -> part.tokens.forEach { frames += delta(index, "text_delta", "text", it) }
                is ScriptPart.Reasoning -> {
                    part.tokens.forEach { frames += delta(index, "thinking_delta", "thinking", it) }
                    if (part.signature != null) frames += plain("content_block_delta", blockDelta(index, "signature_delta", "signature", part.signature))
                }
                is ScriptPart.ToolCall -> {
                    frames += plain("content_block_delta", blockDelta(index, "input_json_delta", "partial_json", ""))
                    part.fragments.forEach { frames += delta(index, "input_json_delta", "partial_json", it) }
                }
            }
            frames += plain("content_block_stop", buildJsonObject {
                put("type", "content_block_stop")
                put("index", index)
            })
        }
        val messageDelta = sseEvent("message_delta", buildJsonObject {
            put("type", "message_delta")
            putJsonObject("delta") {
                put("stop_reason", stopReason())
                put("stop_sequence", JsonNull)
            }
            putJsonObject("usage") { put("output_tokens", plan.outputTokens) }
        })
        frames += Frame(Frame.Kind.CLOSING) { messageDelta }
        frames += plain("message_stop", buildJsonObject { put("type", "message_stop") })
        return frames
    }

    override fun errorFrames(errorType: String?, message: String): List<String> =
        listOf(sseEvent("error", anthropicError(errorType ?: "overloaded_error", message)))

    override fun finalBody(): JsonObject = message(
        content = buildFinalContent(),
        stopReason = stopReason(),
        outputTokens = plan.outputTokens,
    )

    private fun buildFinalContent(): JsonArray = buildJsonArray {
        plan.parts.forEach { part ->
            addJsonObject {
                when (part) {
                    is ScriptPart.Text -> {
                        put("type", "text")
                        put("text", part.tokens.joinToString(""))
                    }
                    is ScriptPart.Reasoning -> {
                        put("type", "thinking")
                        put("thinking", part.tokens.joinToString(""))
                        put("signature", part.signature ?: "")
                    }
                    is ScriptPart.ToolCall -> {
                        put("type", "tool_use")
                        put("id", part.id)
                        put("name", part.name)
                        put("input", parsedArguments(part.arguments))
                    }
                }
            }
        }
    }

    private fun message(content: JsonArray, stopReason: String?, outputTokens: Int): JsonObject = buildJsonObject {
        put("id", id)
        put("type", "message")
        put("role", "assistant")
        put("model", plan.model)
        put("content", content)
        put("stop_reason", stopReason)
        put("stop_sequence", JsonNull)
        putJsonObject("usage") {
            put("input_tokens", plan.inputTokens)
            put("cache_creation_input_tokens", 0)
            put("cache_read_input_tokens", 0)
            put("output_tokens", outputTokens)
        }
    }

    private fun blockStart(part: ScriptPart): JsonElement = buildJsonObject {
        when (part) {
            is ScriptPart.Text -> {
                put("type", "text")
                put("text", "")
            }
            is ScriptPart.Reasoning -> {
                put("type", "thinking")
                put("thinking", "")
                put("signature", "")
            }
            is ScriptPart.ToolCall -> {
                put("type", "tool_use")
                put("id", part.id)
                put("name", part.name)
                putJsonObject("input") {}
            }
        }
    }

    private fun stopReason(): String = when (plan.finishReason) {
        FinishReason.STOP -> "end_turn"
        FinishReason.LENGTH -> "max_tokens"
        FinishReason.TOOL_CALLS -> "tool_use"
        FinishReason.CONTENT_FILTER -> "refusal"
    }

    private fun blockDelta(index: Int, type: String, field: String, value: String): JsonObject = buildJsonObject {
        put("type", "content_block_delta")
        put("index", index)
        putJsonObject("delta") {
            put("type", type)
            put(field, value)
        }
    }

    private fun delta(index: Int, type: String, field: String, value: String): Frame {
        val text = sseEvent("content_block_delta", blockDelta(index, type, field, value))
        return Frame(Frame.Kind.DELTA) { text }
    }

    private fun plain(event: String, json: JsonObject): Frame {
        val text = sseEvent(event, json)
        return Frame(Frame.Kind.PLAIN) { text }
    }
}
