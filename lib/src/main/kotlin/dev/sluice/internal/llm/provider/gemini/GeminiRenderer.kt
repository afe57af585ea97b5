package dev.sluice.internal.llm.provider.gemini

import dev.sluice.internal.llm.ProtocolViolation
import dev.sluice.internal.llm.accumulate.AccumulatorState
import dev.sluice.internal.llm.accumulate.ResultRenderer
import dev.sluice.internal.llm.parseJsonOrNull
import dev.sluice.llm.LlmRawEvent
import dev.sluice.llm.parsePartialJson
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.util.TreeMap

/**
 * Renders the accumulated answer as Gemini's non-streaming `GenerateContentResponse`:
 * `{"candidates": [{"index", "content": {"role": "model", "parts"}, "finishReason"}],
 * "promptFeedback", "usageMetadata", "modelVersion", "responseId"}` (absent fields left out).
 *
 * Parts keep stream order: consecutive text parts merge, consecutive thought parts merge (with
 * `"thought": true`), each function call is one part with its `args` as an object, and parts of
 * other kinds are kept verbatim. A `thoughtSignature` stays on the part that carried it (a merged
 * part takes it, unless it has one already: then a new part starts). Texts are not copied: a part
 * records a range of the neutral text or reasoning buffer ([PartRange]); call names and arguments
 * come from the neutral tool calls. `usageMetadata` is the last one, verbatim.
 */
internal class GeminiRenderer : ResultRenderer {
    private val candidates = TreeMap<Int, Parts>()
    private var usage: JsonObject? = null
    private var promptFeedback: JsonObject? = null

    override fun onRaw(raw: LlmRawEvent, state: AccumulatorState) {
        val json = raw.json as? JsonObject ?: return
        val chunk = try {
            parseChunk(json)
        } catch (e: ProtocolViolation) {
            return // never reaches here: the codec refused the chunk before it made events
        }
        chunk.usageJson?.let { usage = it }
        chunk.promptFeedback?.let { promptFeedback = it }
        for (c in chunk.candidates) candidates.getOrPut(c.index) { Parts() }.add(c, state)
    }

    override fun render(state: AccumulatorState): JsonObject = buildJsonObject {
        val indexes = (state.choices.keys + candidates.keys).toSortedSet()
        put("candidates", JsonArray(indexes.map { renderCandidate(it, state) }))
        promptFeedback?.let { put("promptFeedback", it) }
        usage?.let { put("usageMetadata", it) }
        state.model?.let { put("modelVersion", it) }
        state.id?.let { put("responseId", it) }
    }

    private fun renderCandidate(index: Int, state: AccumulatorState): JsonObject = buildJsonObject {
        val choice = state.choices[index]
        put("index", index)
        put("content", buildJsonObject {
            put("role", "model")
            put("parts", JsonArray(candidates[index]?.ranges.orEmpty().map { renderPart(index, it, state) }))
        })
        choice?.rawFinishReason?.let { put("finishReason", it) }
    }

    private fun renderPart(index: Int, part: PartRange, state: AccumulatorState): JsonObject {
        val fields = LinkedHashMap<String, JsonElement>()
        when (part.kind) {
            PartRange.Kind.TEXT, PartRange.Kind.THOUGHT -> {
                val choice = state.choices[index]
                val buffer = if (part.kind == PartRange.Kind.TEXT) choice?.text else choice?.reasoning
                fields["text"] = JsonPrimitive(buffer?.slice(part.start, part.end) ?: "")
                if (part.kind == PartRange.Kind.THOUGHT) fields["thought"] = JsonPrimitive(true)
            }
            PartRange.Kind.CALL -> {
                val tool = state.choices[index]?.tools?.get(part.start)
                val call = LinkedHashMap<String, JsonElement>()
                tool?.id?.let { call["id"] = JsonPrimitive(it) }
                call["name"] = tool?.name?.let(::JsonPrimitive) ?: JsonNull
                call["args"] = argsObject(tool?.arguments?.toString().orEmpty())
                fields["functionCall"] = JsonObject(call)
            }
            PartRange.Kind.OTHER -> return part.verbatim!!
        }
        part.signature?.let { fields["thoughtSignature"] = JsonPrimitive(it) }
        return JsonObject(fields)
    }

    /** The arguments as an object: parsed, or closed first while they are still streaming. */
    private fun argsObject(arguments: String): JsonElement {
        if (arguments.isBlank()) return JsonObject(emptyMap())
        return parseJsonOrNull(arguments) ?: parsePartialJson(arguments) ?: JsonNull
    }
}

/**
 * One rendered part of a candidate: a range of the text or reasoning buffer, a tool call (its
 * index in [start]), or a part of another kind kept [verbatim].
 */
internal class PartRange(val kind: Kind, val start: Int, var end: Int, var signature: String?, val verbatim: JsonObject? = null) {
    enum class Kind { TEXT, THOUGHT, CALL, OTHER }
}

/** The parts of one candidate, in stream order, built from its raw chunks. */
private class Parts {
    val ranges = ArrayList<PartRange>()
    private val cursor = CallCursor()

    /** Adds a chunk's parts; [state] has not yet applied the chunk's events, so its lengths are where they start. */
    fun add(c: GeminiCandidate, state: AccumulatorState) {
        var textAt = state.textLength(c.index)
        var thoughtAt = state.reasoningLength(c.index)
        for (part in c.parts) {
            val call = part.call
            val text = part.text
            when {
                call != null -> if (cursor.advance(call)) {
                    ranges += PartRange(PartRange.Kind.CALL, cursor.count - 1, cursor.count - 1, part.signature)
                } else {
                    val open = ranges.lastOrNull { it.kind == PartRange.Kind.CALL && it.start == cursor.count - 1 }
                    if (open != null && open.signature == null) open.signature = part.signature
                }
                text != null && part.thought -> {
                    addText(PartRange.Kind.THOUGHT, thoughtAt, thoughtAt + text.length, part.signature)
                    thoughtAt += text.length
                }
                text != null -> {
                    addText(PartRange.Kind.TEXT, textAt, textAt + text.length, part.signature)
                    textAt += text.length
                }
                else -> ranges += PartRange(PartRange.Kind.OTHER, 0, 0, null, part.json)
            }
        }
        if (c.finishReason != null) cursor.close()
    }

    private fun addText(kind: PartRange.Kind, start: Int, end: Int, signature: String?) {
        val last = ranges.lastOrNull()
        if (last != null && last.kind == kind && last.end == start && (last.signature == null || signature == null)) {
            last.end = end
            if (signature != null) last.signature = signature
        } else {
            ranges += PartRange(kind, start, end, signature)
        }
    }
}
