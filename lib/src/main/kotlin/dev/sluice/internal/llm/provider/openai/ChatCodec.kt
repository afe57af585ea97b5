package dev.sluice.internal.llm.provider.openai

import dev.sluice.internal.llm.ProtocolViolation
import dev.sluice.internal.llm.StreamCodec
import dev.sluice.internal.llm.StreamError
import dev.sluice.internal.llm.ToolCallState
import dev.sluice.internal.llm.arrayField
import dev.sluice.internal.llm.intField
import dev.sluice.internal.llm.isDoneMarker
import dev.sluice.internal.llm.nonEmptyField
import dev.sluice.internal.llm.objectField
import dev.sluice.internal.llm.objectsOf
import dev.sluice.internal.llm.present
import dev.sluice.internal.llm.readError
import dev.sluice.internal.llm.requireObject
import dev.sluice.internal.llm.textField
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.LlmRawEvent
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * OpenAI Chat Completions chunks (`chat.completion.chunk`), as OpenAI and every compatible server
 * send them; `data: [DONE]` ends the stream, a chunk with an `error` member fails it. Legacy
 * `delta.function_call` fragments (older compatible servers) become tool call 0 of the choice.
 */
internal class ChatCodec : StreamCodec() {
    private val choices = HashMap<Int, ChatToolTracker>()
    private val scanner = ChatChunkScanner()

    override fun decode(raw: LlmRawEvent, json: JsonElement?, out: MutableList<LlmEvent>) {
        if (isDoneMarker(raw.data)) {
            for (choice in choices.values.sortedBy { it.choiceIndex }) choice.sorted().forEach { it.complete(raw, out) }
            complete(raw, out)
            return
        }
        if (json == null && raw.type == "error") {
            fail(StreamError("error", null, raw.data, raw))
            return
        }
        val chunk = requireObject(raw, json)
        chunk.present("error")?.let { fail(readError(it, raw)); return }
        if (raw.type == "error") { fail(readError(chunk, raw)); return }
        val choiceArray = chunk.arrayField("choices")
        // Groq once reported usage only under its extension field `x_groq`.
        val usage = chunk.objectField("usage") ?: (chunk["x_groq"] as? JsonObject)?.objectField("usage")
        if (choiceArray == null && usage == null) {
            out.add(LlmEvent.Unknown(raw))
            return
        }
        val choiceObjects = choiceArray?.let { objectsOf("choices", it) }.orEmpty()
        noteId(chunk.nonEmptyField("id"))
        noteModel(chunk.nonEmptyField("model"))
        if (id != null) ensureStarted(raw, out)
        choiceObjects.forEachIndexed { position, c -> onChoice(c, position, raw, out) }
        if (usage != null) {
            ensureStarted(raw, out)
            out.add(LlmEvent.Usage(chatUsage(usage), raw))
        }
    }

    private fun onChoice(c: JsonObject, position: Int, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val index = c.intField("index") ?: position
        val choice = choices.getOrPut(index) { ChatToolTracker(index) }
        val delta = c.objectField("delta") ?: c.objectField("message")
        val finish = c.nonEmptyField("finish_reason")
        if (delta != null) onDelta(choice, delta, raw, out)
        if (finish != null) finish(choice, finish, raw, out)
    }

    /**
     * The chunks [ChatChunkScanner] recognises, decoded from its reading exactly as [decode] would
     * decode their tree; the tree itself is parsed only if someone reads it.
     */
    override fun decodeFast(raw: LlmRawEvent, out: MutableList<LlmEvent>): Boolean {
        if (raw.type == "error") return false
        val chunk = scanner.scan(raw.data) ?: return false
        raw.scanned = chunk
        raw.parseJsonLazily()
        if (id == null) noteId(chunk.nonEmptyId())
        if (model == null) noteModel(chunk.nonEmptyModel())
        if (id != null) ensureStarted(raw, out)
        for (i in 0 until chunk.choiceCount) {
            val c = chunk.choice(i)
            val index = c.resolvedIndex
            val choice = choices.getOrPut(index) { ChatToolTracker(index) }
            if (c.hasDelta) {
                c.content?.let { text(index, it, raw, out, LlmEvent::TextDelta) }
                (c.reasoningContent ?: c.reasoning)?.let { text(index, it, raw, out, LlmEvent::ReasoningDelta) }
                c.refusal?.let { text(index, it, raw, out, LlmEvent::RefusalDelta) }
            }
            c.finishReason?.takeIf { it.isNotEmpty() }?.let { finish(choice, it, raw, out) }
        }
        return true
    }

    private fun finish(choice: ChatToolTracker, finish: String, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val index = choice.choiceIndex
        ensureStarted(raw, out)
        val tools = choice.sorted()
        tools.forEach { it.complete(raw, out) }
        // Ollama's /v1 (and some other compatible servers) end a tool-calling answer with `stop`:
        // the neutral reason says TOOL_CALLS, as every other provider does; the raw value stays.
        val neutral = chatFinishReason(finish).let { if (it == LlmFinishReason.STOP && tools.isNotEmpty()) LlmFinishReason.TOOL_CALLS else it }
        out.add(LlmEvent.Finished(index, finish, neutral, raw))
    }

    private fun onDelta(choice: ChatToolTracker, delta: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        delta.textField("role")
        when (val content = delta["content"]) {
            is JsonArray -> onContentParts(choice.choiceIndex, content, raw, out)
            else -> delta.textField("content")?.let { text(choice.choiceIndex, it, raw, out, LlmEvent::TextDelta) }
        }
        // DeepSeek and xAI say `reasoning_content`; vLLM, OpenRouter and others say `reasoning`.
        (delta.textField("reasoning_content") ?: delta.textField("reasoning"))?.let {
            text(choice.choiceIndex, it, raw, out, LlmEvent::ReasoningDelta)
        }
        delta.textField("refusal")?.let { text(choice.choiceIndex, it, raw, out, LlmEvent::RefusalDelta) }
        delta.objectField("function_call")?.let { onFunctionCall(choice, it, choice.legacyCall(), raw, out) }
        val calls = delta.arrayField("tool_calls") ?: return
        val objects = objectsOf("tool_calls", calls)
        objects.forEachIndexed { position, element ->
            val tool = choice.toolFor(element, position, objects.size)
            if (tool.id == null) tool.id = element.nonEmptyField("id")
            element.nonEmptyField("type")?.let { tool.type = it }
            onFunctionCall(choice, element.objectField("function"), tool, raw, out)
        }
    }

    /** Mistral's reasoning models send content as parts: text, and thinking holding text parts. */
    private fun onContentParts(index: Int, parts: JsonArray, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        for (part in objectsOf("content", parts)) {
            when (part.textField("type")) {
                "text" -> part.textField("text")?.let { text(index, it, raw, out, LlmEvent::TextDelta) }
                "thinking" -> part.arrayField("thinking")?.let { t ->
                    objectsOf("thinking", t).forEach { p -> p.textField("text")?.let { text(index, it, raw, out, LlmEvent::ReasoningDelta) } }
                }
            }
        }
    }

    private fun onFunctionCall(choice: ChatToolTracker, function: JsonObject?, tool: ToolCallState, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val name = function?.nonEmptyField("name")
        val args = when (val a = function?.get("arguments")) {
            null -> null
            is JsonObject -> a.toString() // some servers send the arguments as an object
            is JsonPrimitive -> if (a.isString) a.content else if (a.content == "null") null else
                throw ProtocolViolation("field 'arguments' should be a string, was ${a.content.take(40)}")
            else -> throw ProtocolViolation("field 'arguments' should be a string, was ${a.toString().take(40)}")
        }
        ensureStarted(raw, out)
        if (tool.name == null) tool.name = name
        tool.start(raw, out)
        if (args != null) tool.appendArguments(args, raw, out)
    }

    private fun text(
        index: Int,
        text: String,
        raw: LlmRawEvent,
        out: MutableList<LlmEvent>,
        make: (Int, String, LlmRawEvent) -> LlmEvent,
    ) {
        if (text.isEmpty()) return
        ensureStarted(raw, out)
        out.add(make(index, text, raw))
    }
}
