package dev.sluice.internal.llm.provider.responses

import dev.sluice.internal.llm.TextBuffer
import dev.sluice.internal.llm.accumulate.AccumulatorState
import dev.sluice.internal.llm.accumulate.ResultRenderer
import dev.sluice.internal.llm.array
import dev.sluice.internal.llm.int
import dev.sluice.internal.llm.jsonString
import dev.sluice.internal.llm.nonEmpty
import dev.sluice.internal.llm.obj
import dev.sluice.internal.llm.orJsonNull
import dev.sluice.internal.llm.present
import dev.sluice.internal.llm.string
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmRawEvent
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.util.TreeMap

/**
 * The Responses `response` object (with `output_text`). The output is the terminal response's own
 * `output` when it has one (the API's final word); otherwise the items as streamed, whose part
 * texts are slices of the neutral buffers (parts stream one after another).
 */
internal class ResponsesRenderer : ResultRenderer {
    private var response: JsonObject? = null
    private val items = TreeMap<Int, ResponsesItem>()
    private val ordered = HashMap<PartBuffer, MutableList<ResponsesPart>>()
    private var current: ResponsesItem? = null

    override fun onRaw(raw: LlmRawEvent, state: AccumulatorState) {
        current = null
        val json = raw.json as? JsonObject ?: return
        when (val type = json.string("type") ?: raw.type) {
            "response.created", "response.in_progress", "response.queued", "response.completed",
            "response.incomplete", "response.failed",
            -> json.obj("response")?.let { response = it }
            "response.output_item.added" -> json.obj("item")?.let { body ->
                val item = ResponsesItem(body)
                items[json.int("output_index") ?: nextIndex()] = item
                current = item
            }
            "response.output_item.done" -> json.obj("item")?.let { body ->
                val item = item(json) ?: ResponsesItem(body).also { items[json.int("output_index") ?: nextIndex()] = it }
                item.done = body
                current = item
            }
            "response.content_part.added" -> part(json, "content_index", state, bufferOf(json.obj("part")))?.base = json.obj("part")
            "response.content_part.done" -> part(json, "content_index", state, bufferOf(json.obj("part")))?.done = json.obj("part")
            "response.reasoning_summary_part.added" -> part(json, "summary_index", state, PartBuffer.REASONING)?.base = json.obj("part")
            "response.reasoning_summary_part.done" -> part(json, "summary_index", state, PartBuffer.REASONING)?.done = json.obj("part")
            "response.output_text.annotation.added" -> json.present("annotation")?.let { a ->
                part(json, "content_index", state, PartBuffer.TEXT)?.annotations?.add(a)
            }
            "response.output_text.delta", "response.output_text.done" -> part(json, "content_index", state, PartBuffer.TEXT)
            "response.refusal.delta", "response.refusal.done" -> part(json, "content_index", state, PartBuffer.REFUSAL)
            "response.reasoning_text.delta", "response.reasoning_text.done" -> part(json, "content_index", state, PartBuffer.REASONING)
            "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done" ->
                part(json, "summary_index", state, PartBuffer.REASONING)
            else -> if (type?.startsWith("response.function_call_arguments") == true) current = item(json)
        }
    }

    override fun onEvent(event: LlmEvent, state: AccumulatorState) {
        if (event is LlmEvent.ToolCallStarted || event is LlmEvent.ToolCallCompleted) {
            val index = (event as? LlmEvent.ToolCallStarted)?.index ?: (event as LlmEvent.ToolCallCompleted).index
            current?.let { if (it.toolIndex < 0 && it.type == "function_call") it.toolIndex = index }
        }
    }

    private fun nextIndex(): Int = if (items.isEmpty()) 0 else items.lastKey() + 1

    private fun item(json: JsonObject): ResponsesItem? {
        json.int("output_index")?.let { index -> items[index]?.let { return it } }
        val itemId = json.nonEmpty("item_id") ?: return null
        return items.values.firstOrNull { it.base.string("id") == itemId }
    }

    private fun bufferOf(part: JsonObject?): PartBuffer = when (part?.string("type")) {
        "refusal" -> PartBuffer.REFUSAL
        "reasoning_text", "summary_text" -> PartBuffer.REASONING
        else -> PartBuffer.TEXT
    }

    /** The part an event addresses, created (starting at the buffer's current end) when new. */
    private fun part(json: JsonObject, indexField: String, state: AccumulatorState, buffer: PartBuffer): ResponsesPart? {
        val item = item(json) ?: ResponsesItem(buildJsonObject { put("type", if (buffer == PartBuffer.REASONING) "reasoning" else "message") })
            .also { items[json.int("output_index") ?: nextIndex()] = it }
        val map = if (indexField == "summary_index") item.summary else item.parts
        val index = json.int(indexField) ?: 0
        return map.getOrPut(index) {
            ResponsesPart(null, buffer).also { p ->
                p.offset = length(state, buffer)
                ordered.getOrPut(buffer) { ArrayList() }.add(p)
            }
        }
    }

    private fun buffer(state: AccumulatorState, buffer: PartBuffer): TextBuffer? = state.choices[0]?.let {
        when (buffer) {
            PartBuffer.TEXT -> it.text
            PartBuffer.REFUSAL -> it.refusal
            PartBuffer.REASONING -> it.reasoning
        }
    }

    private fun length(state: AccumulatorState, buffer: PartBuffer): Int = buffer(state, buffer)?.length ?: 0

    private fun text(state: AccumulatorState, part: ResponsesPart): String {
        val parts = ordered[part.buffer] ?: return ""
        val i = parts.indexOf(part)
        val end = if (i + 1 < parts.size) parts[i + 1].offset else Int.MAX_VALUE
        return buffer(state, part.buffer)?.slice(part.offset, end) ?: ""
    }

    override fun status(state: AccumulatorState): String? = response?.nonEmpty("status")

    override fun toolItemId(choiceIndex: Int, index: Int): String? =
        items.values.firstOrNull { it.toolIndex == index }?.let { it.done?.nonEmpty("id") ?: it.base.nonEmpty("id") }

    override fun render(state: AccumulatorState): JsonObject {
        val r = response
        val final = r?.array("output")
        val output = if (final != null && final.isNotEmpty()) final else JsonArray(
            items.values.map { item ->
                item.render({ text(state, it) }, { i -> state.choices[0]?.tools?.get(i)?.arguments?.toString() })
            },
        )
        return buildJsonObject {
            put("id", jsonString(state.id))
            put("model", jsonString(state.model))
            put("status", jsonString(r?.nonEmpty("status")))
            put("output", output)
            put("output_text", outputText(output))
            put("usage", r?.present("usage").orJsonNull())
            put("error", r?.present("error").orJsonNull())
            put("incomplete_details", r?.present("incomplete_details").orJsonNull())
        }
    }
}

/** The text of every `output_text` part of every message item, in order. */
private fun outputText(output: JsonArray): String = buildString {
    for (item in output) {
        if (item !is JsonObject || item.string("type") != "message") continue
        for (part in item.array("content").orEmpty()) {
            if (part is JsonObject && part.string("type") == "output_text") append(part.string("text") ?: "")
        }
    }
}
