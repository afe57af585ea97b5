package dev.sluice.internal.llm.responses

import dev.sluice.internal.llm.StreamError
import dev.sluice.internal.llm.ToolCallState
import dev.sluice.internal.llm.WireCodec
import dev.sluice.internal.llm.int
import dev.sluice.internal.llm.nonEmpty
import dev.sluice.internal.llm.normalizeFinishReason
import dev.sluice.internal.llm.obj
import dev.sluice.internal.llm.present
import dev.sluice.internal.llm.readError
import dev.sluice.internal.llm.responsesUsage
import dev.sluice.internal.llm.string
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.LlmRawEvent
import dev.sluice.llm.LlmResult
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import java.util.TreeMap

/**
 * OpenAI Responses stream events. `response.completed` / `response.incomplete` end the stream;
 * `response.failed` fails it. An `error` event is kept until the terminal event (which usually
 * follows it), so the partial result shows the failed response as the server finally described it.
 */
internal class ResponsesCodec : WireCodec(Provider.OPENAI_RESPONSES) {
    private var id: String? = null
    private var model: String? = null
    private var response: JsonObject? = null
    private var pendingError: StreamError? = null
    private val items = TreeMap<Int, ResponsesItem>()
    private var toolCount = 0

    override val startId: String? get() = id
    override val startModel: String? get() = model

    override fun onEvent(raw: LlmRawEvent, json: JsonElement?, out: MutableList<LlmEvent>) {
        if (json !is JsonObject) {
            if (raw.type == "error") pendingError = StreamError("error", null, raw.data, raw) else out.add(LlmEvent.Unknown(raw))
            return
        }
        when (json.string("type") ?: raw.type) {
            "response.created", "response.in_progress", "response.queued" -> onResponse(json, raw, out)
            "response.output_item.added" -> onItemAdded(json, raw, out)
            "response.output_item.done" -> onItemDone(json, raw, out)
            "response.content_part.added" -> item(json)?.let { it.part(json.int("content_index") ?: 0).base = json.obj("part") }
            "response.content_part.done" -> item(json)?.let { it.part(json.int("content_index") ?: 0).done = json.obj("part") }
            "response.output_text.delta" -> onText(json, raw, out, refusal = false)
            "response.refusal.delta" -> onText(json, raw, out, refusal = true)
            "response.output_text.done" -> item(json)?.part(json.int("content_index") ?: 0)?.text?.let { t ->
                json.string("text")?.let { t.set(it) }
            }
            "response.refusal.done" -> item(json)?.part(json.int("content_index") ?: 0)?.text?.let { t ->
                json.string("refusal")?.let { t.set(it) }
            }
            "response.output_text.annotation.added" -> item(json)?.let { item ->
                json.present("annotation")?.let { item.part(json.int("content_index") ?: 0).annotations.add(it) }
            }
            "response.function_call_arguments.delta" -> onArguments(json, raw, out)
            "response.function_call_arguments.done" -> item(json)?.tool?.let { tool ->
                json.string("arguments")?.let { tool.arguments.setLength(0); tool.arguments.append(it) }
            }
            "response.reasoning_summary_part.added" -> item(json)?.let { it.summaryPart(json.int("summary_index") ?: 0).base = json.obj("part") }
            "response.reasoning_summary_part.done" -> item(json)?.let { it.summaryPart(json.int("summary_index") ?: 0).done = json.obj("part") }
            "response.reasoning_summary_text.delta" -> onReasoning(json, raw, out, summary = true)
            "response.reasoning_text.delta" -> onReasoning(json, raw, out, summary = false)
            "response.reasoning_summary_text.done" -> item(json)?.summaryPart(json.int("summary_index") ?: 0)?.text?.let { t ->
                json.string("text")?.let { t.set(it) }
            }
            "response.reasoning_text.done" -> item(json)?.part(json.int("content_index") ?: 0)?.text?.let { t ->
                json.string("text")?.let { t.set(it) }
            }
            "response.completed", "response.incomplete" -> onFinished(json, raw, out)
            "response.failed" -> onFailed(json, raw)
            "error" -> pendingError = readErrorEvent(json, raw)
            else -> out.add(LlmEvent.Unknown(raw))
        }
    }

    private fun onResponse(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val r = json.obj("response") ?: return
        response = r
        if (id == null) id = r.nonEmpty("id")
        if (model == null) model = r.nonEmpty("model")
        if (id != null) ensureStarted(raw, out)
    }

    private fun item(json: JsonObject): ResponsesItem? {
        json.int("output_index")?.let { index -> items[index]?.let { return it } }
        val itemId = json.nonEmpty("item_id") ?: return null
        return items.values.firstOrNull { it.id == itemId }
    }

    private fun onItemAdded(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val body = json.obj("item") ?: return
        val index = json.int("output_index") ?: if (items.isEmpty()) 0 else items.lastKey() + 1
        val item = ResponsesItem(index, body)
        items[index] = item
        ensureStarted(raw, out)
        if (item.type == "function_call") {
            val tool = ToolCallState(0, toolCount++)
            tool.id = body.nonEmpty("call_id")
            tool.itemId = body.nonEmpty("id")
            tool.name = body.nonEmpty("name")
            item.tool = tool
            tool.start(raw, out)
            body.string("arguments")?.let { tool.appendArguments(it, raw, out) }
        }
    }

    private fun onItemDone(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val body = json.obj("item") ?: return
        val item = item(json) ?: ResponsesItem(json.int("output_index") ?: items.size, body).also { items[it.outputIndex] = it }
        item.done = body
        if (body.string("type") == "function_call") {
            val tool = item.tool ?: ToolCallState(0, toolCount++).also { item.tool = it }
            if (tool.id == null) tool.id = body.nonEmpty("call_id")
            if (tool.itemId == null) tool.itemId = body.nonEmpty("id")
            if (tool.name == null) tool.name = body.nonEmpty("name")
            ensureStarted(raw, out)
            tool.complete(raw, out, body.string("arguments") ?: tool.arguments.toString())
        }
    }

    private fun onText(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>, refusal: Boolean) {
        val delta = json.string("delta") ?: return
        item(json)?.part(json.int("content_index") ?: 0)?.text?.append(delta)
        if (delta.isEmpty()) return
        ensureStarted(raw, out)
        out.add(if (refusal) LlmEvent.RefusalDelta(0, delta, raw) else LlmEvent.TextDelta(0, delta, raw))
    }

    private fun onReasoning(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>, summary: Boolean) {
        val delta = json.string("delta") ?: return
        item(json)?.let { item ->
            val part = if (summary) item.summaryPart(json.int("summary_index") ?: 0) else item.part(json.int("content_index") ?: 0)
            part.text.append(delta)
        }
        if (delta.isEmpty()) return
        ensureStarted(raw, out)
        out.add(LlmEvent.ReasoningDelta(0, delta, raw))
    }

    private fun onArguments(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val delta = json.string("delta") ?: return
        val tool = item(json)?.tool ?: return
        tool.appendArguments(delta, raw, out)
    }

    private fun onFinished(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        onResponse(json, raw, out)
        ensureStarted(raw, out)
        val error = pendingError
        if (error != null) {
            fail(error)
            return
        }
        items.values.forEach { item -> item.tool?.let { it.complete(raw, out, it.arguments.toString()) } }
        val r = response
        r?.obj("usage")?.let { out.add(LlmEvent.Usage(responsesUsage(it), raw)) }
        val reason = finishReason(r)
        out.add(LlmEvent.Finished(0, reason, normalize(reason), raw))
        terminate()
    }

    private fun onFailed(json: JsonObject, raw: LlmRawEvent) {
        json.obj("response")?.let { response = it }
        val error = pendingError ?: response?.present("error")?.let { readError(it, raw) }
            ?: StreamError("failed", null, "the response failed without an error description", raw)
        fail(StreamError(error.type, error.code, error.message, raw))
    }

    /** The error event is `{"type": "error", "code", "message"}` (or wraps an `error` object). */
    private fun readErrorEvent(json: JsonObject, raw: LlmRawEvent): StreamError {
        json.present("error")?.let { return readError(it, raw) }
        val code = json.nonEmpty("code")
        return StreamError(code ?: "error", code, json.string("message") ?: json.toString(), raw)
    }

    override fun onEnd() {
        pendingError?.let { fail(it) }
    }

    private fun finishReason(r: JsonObject?): String? =
        r?.obj("incomplete_details")?.nonEmpty("reason") ?: r?.nonEmpty("status")

    private fun normalize(reason: String?): LlmFinishReason = when {
        reason == "completed" && items.values.any { it.type == "function_call" } -> LlmFinishReason.TOOL_CALLS
        else -> normalizeFinishReason(reason) ?: LlmFinishReason.OTHER
    }

    override fun snapshot(): LlmResult {
        val r = response
        val output = renderOutput(r, items.values)
        val reason = if (isTerminated) finishReason(r) else null
        return LlmResult(
            provider = provider,
            id = id,
            model = model,
            choices = listOf(responsesChoice(output, reason, reason?.let { normalize(it) })),
            usage = r?.obj("usage")?.let { responsesUsage(it) },
            status = r?.nonEmpty("status"),
            isComplete = isTerminated && failure == null,
            providerJson = renderResponse(id, model, r, output),
        )
    }
}
