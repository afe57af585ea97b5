package dev.sluice.internal.testkit

import dev.sluice.testkit.FinishReason
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import kotlinx.serialization.json.putJsonObject

/**
 * OpenAI Responses: named SSE events with a `sequence_number` counted as they are written.
 * `response.created`, `response.in_progress`, then one output item per script part (reasoning
 * with summary text events; message with `output_text` content part events; function call with
 * argument events), each opened by `response.output_item.added` and closed by
 * `response.output_item.done`, and `response.completed` (or `response.incomplete` for
 * [FinishReason.LENGTH] / [FinishReason.CONTENT_FILTER]). The in-stream error is `error`
 * followed by `response.failed` carrying the items finished so far.
 */
internal class ResponsesEncoder(plan: ReplyPlan) : WireEncoder(plan) {
    private val id = "resp_fake_${plan.number}"
    private var sequence = 0
    private val finishedItems = ArrayList<JsonObject>()
    private val incomplete = plan.finishReason == FinishReason.LENGTH || plan.finishReason == FinishReason.CONTENT_FILTER

    override val streamContentType: String = "text/event-stream"

    override fun frames(): List<Frame> {
        val frames = ArrayList<Frame>()
        frames += event("response.created") { put("response", response("in_progress", JsonArray(emptyList()), JsonNull)) }
        frames += event("response.in_progress") { put("response", response("in_progress", JsonArray(emptyList()), JsonNull)) }
        plan.parts.forEachIndexed { index, part ->
            when (part) {
                is ScriptPart.Reasoning -> reasoningItem(frames, index, part)
                is ScriptPart.Text -> messageItem(frames, index, part)
                is ScriptPart.ToolCall -> functionCallItem(frames, index, part)
            }
        }
        val terminal = if (incomplete) "response.incomplete" else "response.completed"
        frames += event(terminal, Frame.Kind.CLOSING) { put("response", finalResponse()) }
        return frames
    }

    override fun errorFrames(errorType: String?, message: String): List<String> {
        val code = errorType ?: "server_error"
        val error = render("error") {
            put("code", code)
            put("message", message)
            put("param", JsonNull)
        }
        val failed = render("response.failed") {
            put("response", response("failed", JsonArray(finishedItems.toList()), JsonNull, buildJsonObject {
                put("code", code)
                put("message", message)
            }))
        }
        return listOf(error, failed)
    }

    override fun finalBody(): JsonObject = finalResponse()

    private fun finalResponse(): JsonObject {
        val items = plan.parts.mapIndexed { index, part -> doneItem(index, part) }
        return response(if (incomplete) "incomplete" else "completed", JsonArray(items), usage(), incompleteDetails = incompleteDetails())
    }

    private fun reasoningItem(frames: MutableList<Frame>, index: Int, part: ScriptPart.Reasoning) {
        val itemId = itemId(index, part)
        val text = part.tokens.joinToString("")
        frames += event("response.output_item.added") {
            put("output_index", index)
            putJsonObject("item") {
                put("id", itemId)
                put("type", "reasoning")
                putJsonArray("summary") {}
            }
        }
        frames += event("response.reasoning_summary_part.added") {
            itemRef(itemId, index)
            put("summary_index", 0)
            put("part", summaryPart(""))
        }
        part.tokens.forEach { token ->
            frames += event("response.reasoning_summary_text.delta", Frame.Kind.DELTA) {
                itemRef(itemId, index)
                put("summary_index", 0)
                put("delta", token)
            }
        }
        frames += event("response.reasoning_summary_text.done") {
            itemRef(itemId, index)
            put("summary_index", 0)
            put("text", text)
        }
        frames += event("response.reasoning_summary_part.done") {
            itemRef(itemId, index)
            put("summary_index", 0)
            put("part", summaryPart(text))
        }
        frames += itemDone(index, part)
    }

    private fun messageItem(frames: MutableList<Frame>, index: Int, part: ScriptPart.Text) {
        val itemId = itemId(index, part)
        val text = part.tokens.joinToString("")
        frames += event("response.output_item.added") {
            put("output_index", index)
            putJsonObject("item") {
                put("id", itemId)
                put("type", "message")
                put("status", "in_progress")
                putJsonArray("content") {}
                put("role", "assistant")
            }
        }
        frames += event("response.content_part.added") {
            itemRef(itemId, index)
            put("content_index", 0)
            put("part", outputText(""))
        }
        part.tokens.forEach { token ->
            frames += event("response.output_text.delta", Frame.Kind.DELTA) {
                itemRef(itemId, index)
                put("content_index", 0)
                put("delta", token)
                putJsonArray("logprobs") {}
            }
        }
        frames += event("response.output_text.done") {
            itemRef(itemId, index)
            put("content_index", 0)
            put("text", text)
            putJsonArray("logprobs") {}
        }
        frames += event("response.content_part.done") {
            itemRef(itemId, index)
            put("content_index", 0)
            put("part", outputText(text))
        }
        frames += itemDone(index, part)
    }

    private fun functionCallItem(frames: MutableList<Frame>, index: Int, part: ScriptPart.ToolCall) {
        val itemId = itemId(index, part)
        frames += event("response.output_item.added") {
            put("output_index", index)
            put("item", functionCall(itemId, part, "in_progress", ""))
        }
        part.fragments.forEach { fragment ->
            frames += event("response.function_call_arguments.delta", Frame.Kind.DELTA) {
                itemRef(itemId, index)
                put("delta", fragment)
            }
        }
        frames += event("response.function_call_arguments.done") {
            itemRef(itemId, index)
            put("arguments", part.arguments)
        }
        frames += itemDone(index, part)
    }

    private fun itemDone(index: Int, part: ScriptPart): Frame {
        val item = doneItem(index, part)
        return Frame(Frame.Kind.PLAIN) {
            finishedItems += item
            render("response.output_item.done") {
                put("output_index", index)
                put("item", item)
            }
        }
    }

    private fun doneItem(index: Int, part: ScriptPart): JsonObject {
        val itemId = itemId(index, part)
        return when (part) {
            is ScriptPart.Reasoning -> buildJsonObject {
                put("id", itemId)
                put("type", "reasoning")
                putJsonArray("summary") { add(summaryPart(part.tokens.joinToString(""))) }
            }
            is ScriptPart.Text -> buildJsonObject {
                put("id", itemId)
                put("type", "message")
                put("status", if (incomplete) "incomplete" else "completed")
                putJsonArray("content") { add(outputText(part.tokens.joinToString(""))) }
                put("role", "assistant")
            }
            is ScriptPart.ToolCall -> functionCall(itemId, part, "completed", part.arguments)
        }
    }

    private fun functionCall(itemId: String, part: ScriptPart.ToolCall, status: String, arguments: String): JsonObject = buildJsonObject {
        put("id", itemId)
        put("type", "function_call")
        put("status", status)
        put("arguments", arguments)
        put("call_id", part.id)
        put("name", part.name)
    }

    private fun itemId(index: Int, part: ScriptPart): String = when (part) {
        is ScriptPart.Reasoning -> "rs_fake_${plan.number}_$index"
        is ScriptPart.Text -> "msg_fake_${plan.number}_$index"
        is ScriptPart.ToolCall -> "fc_fake_${plan.number}_$index"
    }

    private fun response(
        status: String,
        output: JsonArray,
        usage: JsonElement,
        error: JsonElement = JsonNull,
        incompleteDetails: JsonElement = JsonNull,
    ): JsonObject = buildJsonObject {
        put("id", id)
        put("object", "response")
        put("created_at", plan.createdEpochSeconds)
        put("status", status)
        put("error", error)
        put("incomplete_details", incompleteDetails)
        put("instructions", JsonNull)
        put("model", plan.model)
        put("output", output)
        put("parallel_tool_calls", true)
        put("previous_response_id", JsonNull)
        put("usage", usage)
        putJsonObject("metadata") {}
    }

    private fun incompleteDetails(): JsonElement = when (plan.finishReason) {
        FinishReason.LENGTH -> buildJsonObject { put("reason", "max_output_tokens") }
        FinishReason.CONTENT_FILTER -> buildJsonObject { put("reason", "content_filter") }
        else -> JsonNull
    }

    private fun usage(): JsonObject = buildJsonObject {
        put("input_tokens", plan.inputTokens)
        putJsonObject("input_tokens_details") { put("cached_tokens", 0) }
        put("output_tokens", plan.outputTokens)
        putJsonObject("output_tokens_details") { put("reasoning_tokens", plan.script.reasoningTokenCount()) }
        put("total_tokens", plan.inputTokens + plan.outputTokens)
    }

    private fun summaryPart(text: String): JsonObject = buildJsonObject {
        put("type", "summary_text")
        put("text", text)
    }

    private fun outputText(text: String): JsonObject = buildJsonObject {
        put("type", "output_text")
        putJsonArray("annotations") {}
        putJsonArray("logprobs") {}
        put("text", text)
    }

    private fun JsonObjectBuilder.itemRef(itemId: String, outputIndex: Int) {
        put("item_id", itemId)
        put("output_index", outputIndex)
    }

    private fun event(type: String, kind: Frame.Kind = Frame.Kind.PLAIN, fields: JsonObjectBuilder.() -> Unit): Frame =
        Frame(kind) { render(type, fields) }

    /** Renders now, taking the next sequence number. */
    private fun render(type: String, fields: JsonObjectBuilder.() -> Unit): String = sseEvent(type, buildJsonObject {
        put("type", type)
        put("sequence_number", sequence++)
        fields()
    })
}
