package dev.sluice.internal.testkit

import dev.sluice.testkit.FinishReason
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.addJsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import kotlinx.serialization.json.putJsonObject

/**
 * OpenAI Chat Completions: `data: {chat.completion.chunk}` events, a role chunk first, the
 * finish chunk with an empty delta, the usage chunk with empty `choices` when
 * `stream_options.include_usage` is set (every other chunk then carries `"usage": null`),
 * and `data: [DONE]`. Reasoning goes out as `reasoning_content` deltas (DeepSeek style).
 */
internal class ChatCompletionsEncoder(plan: ReplyPlan) : WireEncoder(plan) {
    private val id = "chatcmpl-fake-${plan.number}"

    override val streamContentType: String = "text/event-stream"

    override fun frames(): List<Frame> {
        val frames = ArrayList<Frame>()
        val hasText = plan.parts.any { it is ScriptPart.Text }
        frames += plain(chunk(buildJsonObject {
            put("role", "assistant")
            if (hasText) put("content", "") else put("content", JsonNull)
            if (hasText) put("refusal", JsonNull)
        }))
        var toolIndex = 0
        for (part in plan.parts) {
            when (part) {
                is ScriptPart.Text -> part.tokens.forEach { token ->
                    frames += delta(chunk(buildJsonObject { put("content", token) }))
                }
                is ScriptPart.Reasoning -> part.tokens.forEach { token ->
                    frames += delta(chunk(buildJsonObject { put("reasoning_content", token) }))
                }
                is ScriptPart.ToolCall -> {
                    val index = toolIndex++
                    frames += plain(chunk(toolCallDelta(index) {
                        put("id", part.id)
                        put("type", "function")
                        putJsonObject("function") {
                            put("name", part.name)
                            put("arguments", "")
                        }
                    }))
                    part.fragments.forEach { fragment ->
                        frames += delta(chunk(toolCallDelta(index) { putJsonObject("function") { put("arguments", fragment) } }))
                    }
                }
            }
        }
        val closing = sseData(chunk(JsonObject(emptyMap()), finishReason()))
        frames += Frame(Frame.Kind.CLOSING) { closing }
        if (plan.includeUsage) {
            val usageChunk = envelope("chat.completion.chunk") {
                put("choices", JsonArray(emptyList()))
                put("usage", usage())
            }
            frames += plain(usageChunk)
        }
        frames += Frame(Frame.Kind.PLAIN) { "data: [DONE]\n\n" }
        return frames
    }

    override fun errorFrames(errorType: String?, message: String): List<String> =
        listOf(sseData(openAiError(errorType ?: "server_error", message, code = null)))

    override fun finalBody(): JsonObject = envelope("chat.completion") {
        putJsonArray("choices") {
            addJsonObject {
                put("index", 0)
                putJsonObject("message") {
                    put("role", "assistant")
                    val texts = plan.parts.filterIsInstance<ScriptPart.Text>()
                    if (texts.isEmpty()) put("content", JsonNull) else put("content", texts.joinToString("") { it.tokens.joinToString("") })
                    put("refusal", JsonNull)
                    val reasoning = plan.parts.filterIsInstance<ScriptPart.Reasoning>()
                    if (reasoning.isNotEmpty()) put("reasoning_content", reasoning.joinToString("") { it.tokens.joinToString("") })
                    val calls = plan.parts.filterIsInstance<ScriptPart.ToolCall>()
                    if (calls.isNotEmpty()) {
                        putJsonArray("tool_calls") {
                            calls.forEach { call ->
                                addJsonObject {
                                    put("id", call.id)
                                    put("type", "function")
                                    putJsonObject("function") {
                                        put("name", call.name)
                                        put("arguments", call.arguments)
                                    }
                                }
                            }
                        }
                    }
                }
                put("logprobs", JsonNull)
                put("finish_reason", finishReason())
            }
        }
        put("usage", usage())
    }

    private fun finishReason(): String = when (plan.finishReason) {
        FinishReason.STOP -> "stop"
        FinishReason.LENGTH -> "length"
        FinishReason.TOOL_CALLS -> "tool_calls"
        FinishReason.CONTENT_FILTER -> "content_filter"
    }

    private fun usage(): JsonObject = buildJsonObject {
        put("prompt_tokens", plan.inputTokens)
        put("completion_tokens", plan.outputTokens)
        put("total_tokens", plan.inputTokens + plan.outputTokens)
        putJsonObject("prompt_tokens_details") { put("cached_tokens", 0) }
        putJsonObject("completion_tokens_details") { put("reasoning_tokens", plan.script.reasoningTokenCount()) }
    }

    private fun chunk(delta: JsonObject, finishReason: String? = null): JsonObject = envelope("chat.completion.chunk") {
        putJsonArray("choices") {
            addJsonObject {
                put("index", 0)
                put("delta", delta)
                put("logprobs", JsonNull)
                put("finish_reason", finishReason)
            }
        }
        if (plan.includeUsage) put("usage", JsonNull)
    }

    private fun envelope(objectType: String, rest: JsonObjectBuilder.() -> Unit): JsonObject = buildJsonObject {
        put("id", id)
        put("object", objectType)
        put("created", plan.createdEpochSeconds)
        put("model", plan.model)
        put("system_fingerprint", "fp_sluice_fake")
        rest()
    }

    private fun toolCallDelta(index: Int, fields: JsonObjectBuilder.() -> Unit): JsonObject = buildJsonObject {
        putJsonArray("tool_calls") {
            addJsonObject {
                put("index", index)
                fields()
            }
        }
    }

    private fun plain(json: JsonObject): Frame {
        val text = sseData(json)
        return Frame(Frame.Kind.PLAIN) { text }
    }

    private fun delta(json: JsonObject): Frame {
        val text = sseData(json)
        return Frame(Frame.Kind.DELTA) { text }
    }
}
