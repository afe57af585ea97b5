package dev.sluice.internal.llm.provider.responses

import dev.sluice.internal.llm.StreamCodec
import dev.sluice.internal.llm.wireLongOrNull
import dev.sluice.internal.llm.StreamError
import dev.sluice.internal.llm.ToolCallState
import dev.sluice.internal.llm.intField
import dev.sluice.internal.llm.nonEmpty
import dev.sluice.internal.llm.nonEmptyField
import dev.sluice.internal.llm.string
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

/**
 * OpenAI Responses stream events. `response.completed` / `response.incomplete` end the stream;
 * `response.failed` fails it. An `error` event is kept until the terminal event (which usually
 * follows it), so the partial result shows the failed response as the server finally described it.
 * A `.done` event whose text is longer than what its deltas streamed adds the missing tail as a
 * delta, so the joined deltas always equal the final text.
 */
internal class ResponsesCodec : StreamCodec() {
    private var pendingError: StreamError? = null
    private val items = HashMap<String, Item>()
    private var toolCount = 0
    private var hasFunctionCall = false
    private var sequence: Long? = null

    override val lastSequence: Long? get() = sequence

    /** Reads the event's `sequence_number` onto [raw]; an event at or before the last one decoded is a replay. */
    override fun isReplay(raw: LlmRawEvent, json: JsonElement?): Boolean {
        val number = ((json as? JsonObject)?.get("sequence_number") as? JsonPrimitive)?.takeIf { !it.isString }?.wireLongOrNull
            ?: return false
        raw.sequenceNumber = number
        val last = sequence
        if (last != null && number <= last) return true
        sequence = number
        return false
    }

    /** What the codec needs of an output item: its type, its tool call, the lengths its parts streamed. */
    private class Item(val type: String) {
        var tool: ToolCallState? = null
        val streamed = HashMap<String, Int>()
    }

    override fun decode(raw: LlmRawEvent, json: JsonElement?, out: MutableList<LlmEvent>) {
        if (json == null && raw.type == "error") {
            pendingError = StreamError("error", null, raw.data, raw)
            return
        }
        val event = requireObject(raw, json)
        when (event.textField("type") ?: raw.type) {
            "response.created", "response.in_progress", "response.queued" -> onResponse(event, raw, out)
            "response.output_item.added" -> onItemAdded(event, raw, out)
            "response.output_item.done" -> onItemDone(event, raw, out)
            "response.output_text.delta" -> onDelta(event, raw, out, "c") { LlmEvent.TextDelta(0, it, raw) }
            "response.refusal.delta" -> onDelta(event, raw, out, "c") { LlmEvent.RefusalDelta(0, it, raw) }
            "response.reasoning_summary_text.delta" -> onDelta(event, raw, out, "s") { LlmEvent.ReasoningDelta(0, it, raw) }
            "response.reasoning_text.delta" -> onDelta(event, raw, out, "c") { LlmEvent.ReasoningDelta(0, it, raw) }
            "response.output_text.done" -> onDone(event, "text", raw, out, "c") { LlmEvent.TextDelta(0, it, raw) }
            "response.refusal.done" -> onDone(event, "refusal", raw, out, "c") { LlmEvent.RefusalDelta(0, it, raw) }
            "response.reasoning_summary_text.done" -> onDone(event, "text", raw, out, "s") { LlmEvent.ReasoningDelta(0, it, raw) }
            "response.reasoning_text.done" -> onDone(event, "text", raw, out, "c") { LlmEvent.ReasoningDelta(0, it, raw) }
            "response.function_call_arguments.delta" -> event.textField("delta")?.let { delta ->
                item(event)?.tool?.appendArguments(delta, raw, out)
            }
            "response.function_call_arguments.done" -> {
                // The final arguments; the call completes at `output_item.done`.
                val arguments = event.textField("arguments")
                val tool = item(event)?.tool
                if (tool != null && arguments != null && !tool.isComplete) {
                    tool.arguments.setLength(0)
                    tool.arguments.append(arguments)
                }
            }
            "response.content_part.added", "response.content_part.done", "response.output_text.annotation.added",
            "response.reasoning_summary_part.added", "response.reasoning_summary_part.done",
            -> passOn(raw, out)
            "response.completed", "response.incomplete" -> onFinished(event, raw, out)
            "response.failed" -> onFailed(event, raw)
            "error" -> pendingError = readErrorEvent(event, raw)
            else -> out.add(LlmEvent.Unknown(raw))
        }
    }

    private fun onResponse(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val r = json.objectField("response") ?: return
        noteId(r.nonEmptyField("id"))
        noteModel(r.nonEmptyField("model"))
        r.textField("status")
        if (id != null) ensureStarted(raw, out)
    }

    /** The key of the item an event addresses: its `output_index`, else its `item_id`. */
    private fun key(json: JsonObject): String? =
        json.intField("output_index")?.toString() ?: json.nonEmptyField("item_id")

    private fun item(json: JsonObject): Item? {
        json.intField("output_index")?.let { index -> items[index.toString()]?.let { return it } }
        return json.nonEmptyField("item_id")?.let { items["id:$it"] }
    }

    /** The item an event addresses, or a new one for an item never announced (its text still counts). */
    private fun itemOrNew(json: JsonObject): Item = item(json) ?: Item("").also { item ->
        val index = json.intField("output_index")
        if (index != null) items[index.toString()] = item else items["id:" + (json.nonEmptyField("item_id") ?: "")] = item
    }

    private fun remember(json: JsonObject, body: JsonObject, item: Item) {
        json.intField("output_index")?.let { items[it.toString()] = item }
        body.nonEmptyField("id")?.let { items["id:$it"] = item }
    }

    private fun onItemAdded(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val body = json.objectField("item") ?: return
        val item = Item(body.textField("type") ?: "")
        remember(json, body, item)
        ensureStarted(raw, out)
        if (item.type == "function_call") {
            hasFunctionCall = true
            val tool = ToolCallState(0, toolCount++)
            tool.id = body.nonEmptyField("call_id")
            tool.name = body.nonEmptyField("name")
            item.tool = tool
            tool.start(raw, out)
            body.textField("arguments")?.let { tool.appendArguments(it, raw, out) }
        }
    }

    private fun onItemDone(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val body = json.objectField("item") ?: return
        val item = item(json) ?: Item(body.textField("type") ?: "").also { remember(json, body, it) }
        ensureStarted(raw, out)
        if (body.textField("type") != "function_call") return
        hasFunctionCall = true
        val tool = item.tool ?: ToolCallState(0, toolCount++).also { item.tool = it }
        if (tool.id == null) tool.id = body.nonEmptyField("call_id")
        if (tool.name == null) tool.name = body.nonEmptyField("name")
        tool.complete(raw, out, body.textField("arguments") ?: tool.arguments.toString())
    }

    private fun partKey(json: JsonObject, kind: String): String =
        "${key(json)}/$kind" + (if (kind == "s") json.intField("summary_index") else json.intField("content_index"))

    private inline fun onDelta(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>, kind: String, make: (String) -> LlmEvent) {
        val delta = json.textField("delta") ?: return
        val key = partKey(json, kind)
        val item = itemOrNew(json)
        item.streamed[key] = (item.streamed[key] ?: 0) + delta.length
        if (delta.isEmpty()) return
        ensureStarted(raw, out)
        out.add(make(delta))
    }

    private inline fun onDone(json: JsonObject, field: String, raw: LlmRawEvent, out: MutableList<LlmEvent>, kind: String, make: (String) -> LlmEvent) {
        val text = json.textField(field) ?: return
        val key = partKey(json, kind)
        val item = itemOrNew(json)
        val streamed = item.streamed[key] ?: 0
        if (text.length <= streamed) return
        item.streamed[key] = text.length
        ensureStarted(raw, out)
        out.add(make(text.substring(streamed)))
    }

    private fun onFinished(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        onResponse(json, raw, out)
        ensureStarted(raw, out)
        pendingError?.let { fail(it); return }
        val r = json.objectField("response")
        for (item in items.values.distinct()) item.tool?.let { it.complete(raw, out, it.arguments.toString()) }
        r?.objectField("usage")?.let { out.add(LlmEvent.Usage(responsesUsage(it), raw)) }
        val reason = r?.objectField("incomplete_details")?.nonEmptyField("reason") ?: r?.nonEmptyField("status")
        out.add(LlmEvent.Finished(0, reason, responsesFinishReason(reason, hasFunctionCall), raw))
        complete(raw, out)
    }

    private fun onFailed(json: JsonObject, raw: LlmRawEvent) {
        val response = json.objectField("response")
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

    override fun onEnd(raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        pendingError?.let { fail(it) }
    }
}
