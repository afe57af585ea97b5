package dev.sluice.internal.llm.provider.openai

import dev.sluice.internal.llm.accumulate.AccumulatorState
import dev.sluice.internal.llm.accumulate.ChoiceState
import dev.sluice.internal.llm.accumulate.ResultRenderer
import dev.sluice.internal.llm.array
import dev.sluice.internal.llm.int
import dev.sluice.internal.llm.jsonString
import dev.sluice.internal.llm.nonEmpty
import dev.sluice.internal.llm.obj
import dev.sluice.internal.llm.orJsonNull
import dev.sluice.internal.llm.wireNumber
import dev.sluice.llm.LlmRawEvent
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * The `chat.completion` object a non-streaming request would have returned. Keeps what has no
 * neutral home: `created`, the raw usage object, each choice's role, whether `content` / `refusal`
 * were sent at all (`""` stays `""`, never-sent stays `null`), and whether the choice used the
 * legacy `function_call`.
 */
internal class ChatRenderer : ResultRenderer {
    private var created: JsonPrimitive? = null
    private var usage: JsonObject? = null
    private val choices = HashMap<Int, ChoiceFacts>()

    private class ChoiceFacts {
        var role: String? = null
        var contentSent = false
        var refusalSent = false
        var legacyFunctionCall = false
    }

    override fun onRaw(raw: LlmRawEvent, state: AccumulatorState) {
        (raw.scanned as? ScannedChatChunk)?.let { return onScanned(it, state) }
        val chunk = raw.json as? JsonObject ?: return
        if (state.id == null) state.id = chunk.nonEmpty("id")
        if (state.model == null) state.model = chunk.nonEmpty("model")
        if (created == null) created = (chunk["created"] as? JsonPrimitive)?.takeIf { !it.isString && it.content != "null" }
        (chunk.obj("usage") ?: chunk.obj("x_groq")?.obj("usage"))?.let { usage = it }
        chunk.array("choices")?.forEachIndexed { position, element ->
            val c = element as? JsonObject ?: return@forEachIndexed
            val facts = choices.getOrPut(c.int("index") ?: position) { ChoiceFacts() }
            val delta = c.obj("delta") ?: c.obj("message") ?: return@forEachIndexed
            delta.nonEmpty("role")?.let { facts.role = it }
            if (delta["content"] is JsonPrimitive && (delta["content"] as JsonPrimitive).isString || delta["content"] is kotlinx.serialization.json.JsonArray) facts.contentSent = true
            if ((delta["refusal"] as? JsonPrimitive)?.isString == true) facts.refusalSent = true
            if (delta.obj("function_call") != null) facts.legacyFunctionCall = true
        }
    }

    /** What [onRaw] reads from a chunk's tree, from [ChatChunkScanner]'s reading (which has no usage). */
    private fun onScanned(chunk: ScannedChatChunk, state: AccumulatorState) {
        if (state.id == null) state.id = chunk.nonEmptyId()
        if (state.model == null) state.model = chunk.nonEmptyModel()
        if (created == null) created = chunk.createdText()?.let(::wireNumber)
        for (i in 0 until chunk.choiceCount) {
            val c = chunk.choice(i)
            val facts = choices.getOrPut(c.resolvedIndex) { ChoiceFacts() }
            if (!c.hasDelta) continue
            c.role?.takeIf { it.isNotEmpty() }?.let { facts.role = it }
            if (c.content != null) facts.contentSent = true
            if (c.refusal != null) facts.refusalSent = true
        }
    }

    override fun render(state: AccumulatorState): JsonObject = buildJsonObject {
        put("id", jsonString(state.id))
        put("object", "chat.completion")
        put("created", created.orJsonNull())
        put("model", jsonString(state.model))
        put("choices", buildJsonArray { state.choices.values.forEach { add(renderChoice(it, choices[it.index])) } })
        put("usage", usage.orJsonNull())
    }

    private fun renderChoice(c: ChoiceState, facts: ChoiceFacts?): JsonObject = buildJsonObject {
        put("index", c.index)
        put("message", buildJsonObject {
            put("role", facts?.role ?: "assistant")
            put("content", jsonString(c.text.valueOrNull() ?: if (facts?.contentSent == true) "" else null))
            put("refusal", jsonString(c.refusal.valueOrNull() ?: if (facts?.refusalSent == true) "" else null))
            val legacy = facts?.legacyFunctionCall == true
            put("tool_calls", buildJsonArray {
                if (!legacy) {
                    c.tools.values.forEach { t ->
                        add(buildJsonObject {
                            put("id", jsonString(t.id))
                            put("type", "function")
                            put("function", buildJsonObject {
                                put("name", jsonString(t.name))
                                put("arguments", t.arguments.toString())
                            })
                        })
                    }
                }
            })
            if (legacy) {
                c.tools.values.firstOrNull()?.let { t ->
                    put("function_call", buildJsonObject {
                        put("name", jsonString(t.name))
                        put("arguments", t.arguments.toString())
                    })
                }
            }
            c.reasoning.valueOrNull()?.let { put("reasoning_content", it) }
        })
        put("finish_reason", jsonString(c.rawFinishReason))
    }
}
