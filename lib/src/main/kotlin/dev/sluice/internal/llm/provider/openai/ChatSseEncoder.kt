package dev.sluice.internal.llm.provider.openai

import dev.sluice.internal.llm.long
import dev.sluice.internal.llm.nonEmpty
import dev.sluice.internal.llm.string
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
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.addJsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import kotlinx.serialization.json.putJsonObject
import java.util.UUID

/**
 * Neutral events as OpenAI Chat Completions SSE, as the API streams it and the official SDKs read
 * it: `data: {chat.completion.chunk}` events without an event type; per choice, `role` with its
 * first delta, `content`, `refusal`, `reasoning_content` (DeepSeek's name; the SDKs keep unknown
 * fields) and `tool_calls` fragments (id, type and name first, then `arguments` pieces, indexed 0,
 * 1... per choice in order of appearance), then a chunk with an empty delta and `finish_reason`;
 * after every choice, a chunk with empty `choices` and `usage` when usage is known (as with
 * `stream_options.include_usage`), and `data: [DONE]`. An error is one `data: {"error": {...}}`
 * chunk, which the SDKs raise, and no `[DONE]`.
 *
 * `id`, `model` and `created` come from the stream (for another provider's stream: its id and
 * model, and the time now; without an id, one is made up); a tool call without id gets one. Reasoning signatures have no place
 * in this format and are dropped.
 */
internal class ChatSseEncoder(private val nowSeconds: () -> Long = { System.currentTimeMillis() / 1000 }) : SseReencoder() {
    private var id: String? = null
    private var model: String? = null
    private var created: Long? = null
    private var usage: LlmUsage? = null
    private val choices = HashMap<Int, ChoiceState>()

    private class ChoiceState {
        var roleSent = false
        val tools = HashMap<Int, ToolState>()
    }

    /** A tool call's wire index and how much of its arguments went out. */
    private class ToolState(val wireIndex: Int) {
        var streamed = 0L
    }

    override fun encode(event: LlmEvent, out: MutableList<SseEvent>) {
        if (id == null) learnFromChunk(event)
        when (event) {
            is LlmEvent.StreamStarted -> {
                if (id == null) id = event.id
                if (model == null) model = event.model
            }
            is LlmEvent.TextDelta -> out += delta(event.choiceIndex) { put("content", event.text) }
            is LlmEvent.ReasoningDelta -> out += delta(event.choiceIndex) { put("reasoning_content", event.text) }
            is LlmEvent.RefusalDelta -> out += delta(event.choiceIndex) { put("refusal", event.text) }
            is LlmEvent.ToolCallStarted -> tool(event.choiceIndex, event.index, event.id, event.name, out)
            is LlmEvent.ToolCallArgumentsDelta -> arguments(event.choiceIndex, event.index, event.delta, out)
            is LlmEvent.ToolCallCompleted -> {
                val tool = tool(event.choiceIndex, event.index, event.id, event.name, out)
                // The completed call's arguments are the streamed ones (they are their concatenation),
                // or whole when none streamed (a provider that sends them in one piece).
                if (event.arguments.length > tool.streamed) {
                    arguments(event.choiceIndex, event.index, event.arguments.substring(tool.streamed.toInt()), out)
                }
            }
            is LlmEvent.Usage -> usage = event.usage
            is LlmEvent.Finished -> out += chunk(event.choiceIndex, JsonPrimitive(chatFinish(event.rawFinishReason, event.finishReason))) {}
            is LlmEvent.StreamCompleted -> {
                usage?.let { u -> out += SseEvent(envelope { put("choices", JsonArray(emptyList())); put("usage", chatUsageJson(u)) }) }
                out += SseEvent("[DONE]")
            }
            is LlmEvent.ReasoningSignature, is LlmEvent.Unknown, is LlmEvent.ProviderEvent -> Unit
        }
    }

    /**
     * A Chat Completions source can start without an id (Azure's first chunk has `"id": ""`), so
     * [LlmEvent.StreamStarted] has none; the chunk that carries the content does.
     */
    private fun learnFromChunk(event: LlmEvent) {
        val chunk = event.raw.json as? JsonObject ?: return
        if (chunk.string("object") != "chat.completion.chunk") return
        id = chunk.nonEmpty("id")
        if (model == null) model = chunk.nonEmpty("model")
        if (created == null) created = chunk.long("created")
    }

    override fun encodeError(error: Throwable, out: MutableList<SseEvent>) {
        val e = describeError(error, "server_error")
        out += SseEvent(buildJsonObject {
            putJsonObject("error") {
                put("message", e.message)
                put("type", e.type)
                put("param", JsonNull)
                put("code", e.code)
            }
        }.toString())
    }

    private fun tool(choiceIndex: Int, index: Int, callId: String?, name: String?, out: MutableList<SseEvent>): ToolState {
        val choice = choices.getOrPut(choiceIndex) { ChoiceState() }
        choice.tools[index]?.let { return it }
        val tool = ToolState(choice.tools.size)
        choice.tools[index] = tool
        out += delta(choiceIndex) {
            putJsonArray("tool_calls") {
                addJsonObject {
                    put("index", tool.wireIndex)
                    put("id", callId ?: "call_sluice_${choiceIndex}_${tool.wireIndex}")
                    put("type", "function")
                    putJsonObject("function") {
                        if (name != null) put("name", name)
                        put("arguments", "")
                    }
                }
            }
        }
        return tool
    }

    private fun arguments(choiceIndex: Int, index: Int, fragment: String, out: MutableList<SseEvent>) {
        if (fragment.isEmpty()) return
        val tool = tool(choiceIndex, index, null, null, out)
        tool.streamed += fragment.length
        out += delta(choiceIndex) {
            putJsonArray("tool_calls") {
                addJsonObject {
                    put("index", tool.wireIndex)
                    putJsonObject("function") { put("arguments", fragment) }
                }
            }
        }
    }

    /** A chunk whose delta has [fields], with the role on the choice's first delta. */
    private fun delta(choiceIndex: Int, fields: JsonObjectBuilder.() -> Unit): SseEvent = chunk(choiceIndex, JsonNull, fields)

    private fun chunk(choiceIndex: Int, finishReason: JsonPrimitive, fields: JsonObjectBuilder.() -> Unit): SseEvent {
        val choice = choices.getOrPut(choiceIndex) { ChoiceState() }
        val delta = buildJsonObject {
            if (!choice.roleSent) put("role", "assistant")
            fields()
        }
        choice.roleSent = true
        return SseEvent(envelope {
            putJsonArray("choices") {
                addJsonObject {
                    put("index", choiceIndex)
                    put("delta", delta)
                    put("logprobs", JsonNull)
                    put("finish_reason", finishReason)
                }
            }
        })
    }

    private fun envelope(rest: JsonObjectBuilder.() -> Unit): String = buildJsonObject {
        put("id", id ?: ("chatcmpl-sluice-" + UUID.randomUUID().toString().replace("-", "")).also { id = it })
        put("object", "chat.completion.chunk")
        put("created", created ?: nowSeconds().also { created = it })
        put("model", model ?: "")
        rest()
    }.toString()
}

private val CHAT_FINISH_REASONS = setOf("stop", "length", "tool_calls", "content_filter", "function_call")

/** The provider's value when Chat Completions has it, else the neutral reason's Chat value. */
internal fun chatFinish(reason: String?, finishReason: LlmFinishReason): String = when {
    reason in CHAT_FINISH_REASONS -> reason!!
    finishReason == LlmFinishReason.STOP -> "stop"
    finishReason == LlmFinishReason.LENGTH -> "length"
    finishReason == LlmFinishReason.TOOL_CALLS -> "tool_calls"
    finishReason == LlmFinishReason.CONTENT_FILTER -> "content_filter"
    else -> reason ?: "stop"
}

/** Neutral usage as a Chat Completions `usage` object (missing counts are 0; the total their sum). */
internal fun chatUsageJson(u: LlmUsage): JsonObject = buildJsonObject {
    val input = u.inputTokens ?: 0
    val output = u.outputTokens ?: 0
    put("prompt_tokens", input)
    put("completion_tokens", output)
    put("total_tokens", u.totalTokens ?: (input + output))
    u.cachedInputTokens?.let { putJsonObject("prompt_tokens_details") { put("cached_tokens", it) } }
    u.reasoningTokens?.let { putJsonObject("completion_tokens_details") { put("reasoning_tokens", it) } }
}
