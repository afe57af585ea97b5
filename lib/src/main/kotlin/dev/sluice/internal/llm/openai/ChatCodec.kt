package dev.sluice.internal.llm.openai

import dev.sluice.internal.llm.StreamError
import dev.sluice.internal.llm.WireCodec
import dev.sluice.internal.llm.array
import dev.sluice.internal.llm.chatUsage
import dev.sluice.internal.llm.int
import dev.sluice.internal.llm.nonEmpty
import dev.sluice.internal.llm.normalizeFinishReason
import dev.sluice.internal.llm.obj
import dev.sluice.internal.llm.present
import dev.sluice.internal.llm.readError
import dev.sluice.internal.llm.string
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.LlmRawEvent
import dev.sluice.llm.LlmResult
import dev.sluice.llm.LlmUsage
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * OpenAI Chat Completions chunks (`chat.completion.chunk`), as OpenAI and every compatible server
 * send them; `data: [DONE]` ends the stream, a chunk with an `error` member fails it.
 */
internal class ChatCodec(provider: Provider = Provider.OPENAI_CHAT) : WireCodec(provider) {
    private var id: String? = null
    private var model: String? = null
    private var created: JsonPrimitive? = null
    private var usageJson: JsonObject? = null
    private var usage: LlmUsage? = null
    private val choices = HashMap<Int, ChatChoiceState>()

    override val startId: String? get() = id
    override val startModel: String? get() = model

    override fun onEvent(raw: LlmRawEvent, json: JsonElement?, out: MutableList<LlmEvent>) {
        if (raw.data.trim() == "[DONE]") {
            ensureStarted(raw, out)
            for (choice in sortedChoices()) choice.sortedTools().forEach { it.complete(raw, out) }
            terminate()
            return
        }
        if (json !is JsonObject) {
            if (raw.type == "error") fail(StreamError("error", null, raw.data, raw)) else out.add(LlmEvent.Unknown(raw))
            return
        }
        json.present("error")?.let { fail(readError(it, raw)); return }
        if (raw.type == "error") { fail(readError(json, raw)); return }
        val choiceArray = json.array("choices")
        // Groq once reported usage only under its extension field `x_groq`.
        val usageObj = json.obj("usage") ?: json.obj("x_groq")?.obj("usage")
        if (choiceArray == null && usageObj == null) {
            out.add(LlmEvent.Unknown(raw))
            return
        }
        if (id == null) id = json.nonEmpty("id")
        if (model == null) model = json.nonEmpty("model")
        if (created == null) created = (json["created"] as? JsonPrimitive)?.takeIf { !it.isString && it.content != "null" }
        if (id != null) ensureStarted(raw, out)
        choiceArray?.forEachIndexed { position, element ->
            if (element is JsonObject) onChoice(element, position, raw, out)
        }
        if (usageObj != null) {
            ensureStarted(raw, out)
            usageJson = usageObj
            val u = chatUsage(usageObj)
            usage = u
            out.add(LlmEvent.Usage(u, raw))
        }
    }

    private fun onChoice(c: JsonObject, position: Int, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val index = c.int("index") ?: position
        val choice = choices.getOrPut(index) { ChatChoiceState(index) }
        val delta = c.obj("delta") ?: c.obj("message")
        if (delta != null) onDelta(choice, delta, raw, out)
        val finish = c.nonEmpty("finish_reason") ?: return
        ensureStarted(raw, out)
        choice.finishReason = finish
        choice.sortedTools().forEach { it.complete(raw, out) }
        out.add(LlmEvent.Finished(index, finish, normalizeFinishReason(finish) ?: LlmFinishReason.OTHER, raw))
    }

    private fun onDelta(choice: ChatChoiceState, delta: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        delta.nonEmpty("role")?.let { choice.role = it }
        delta.string("content")?.let { appendText(choice, it, raw, out) }
        // Mistral's reasoning models send content as parts: text, and thinking holding text parts.
        delta.array("content")?.forEach { part ->
            if (part !is JsonObject) return@forEach
            when (part.string("type")) {
                "text" -> part.string("text")?.let { appendText(choice, it, raw, out) }
                "thinking" -> part.array("thinking")?.forEach { t ->
                    (t as? JsonObject)?.string("text")?.let { appendReasoning(choice, it, raw, out) }
                }
            }
        }
        // DeepSeek and xAI say `reasoning_content`; vLLM, OpenRouter and others say `reasoning`.
        (delta.string("reasoning_content") ?: delta.string("reasoning"))?.let { appendReasoning(choice, it, raw, out) }
        delta.string("refusal")?.let { text ->
            choice.refusal.append(text)
            if (text.isNotEmpty()) {
                ensureStarted(raw, out)
                out.add(LlmEvent.RefusalDelta(choice.index, text, raw))
            }
        }
        val calls = delta.array("tool_calls") ?: return
        calls.forEachIndexed { position, element ->
            if (element !is JsonObject) return@forEachIndexed
            ensureStarted(raw, out)
            val tool = choice.toolFor(element, position, calls.size)
            if (tool.id == null) tool.id = element.nonEmpty("id")
            element.nonEmpty("type")?.let { tool.type = it }
            val function = element.obj("function")
            if (tool.name == null) tool.name = function?.nonEmpty("name")
            tool.start(raw, out)
            val args = function?.get("arguments")
            val text = when {
                args is JsonPrimitive && args.isString -> args.content
                args is JsonObject -> args.toString() // some servers send the arguments as an object
                else -> null
            }
            if (text != null) tool.appendArguments(text, raw, out)
        }
    }

    private fun appendText(choice: ChatChoiceState, text: String, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        choice.content.append(text)
        if (text.isEmpty()) return
        ensureStarted(raw, out)
        out.add(LlmEvent.TextDelta(choice.index, text, raw))
    }

    private fun appendReasoning(choice: ChatChoiceState, text: String, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        choice.reasoning.append(text)
        if (text.isEmpty()) return
        ensureStarted(raw, out)
        out.add(LlmEvent.ReasoningDelta(choice.index, text, raw))
    }

    private fun sortedChoices(): List<ChatChoiceState> = choices.values.sortedBy { it.index }

    override fun snapshot(): LlmResult {
        val sorted = sortedChoices()
        return LlmResult(
            provider = provider,
            id = id,
            model = model,
            choices = sorted.map { it.toPublic() },
            usage = usage,
            status = null,
            isComplete = isTerminated && failure == null,
            providerJson = renderChatCompletion(id, model, created, sorted, usageJson),
        )
    }
}
