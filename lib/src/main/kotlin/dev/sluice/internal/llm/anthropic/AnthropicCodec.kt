package dev.sluice.internal.llm.anthropic

import dev.sluice.internal.llm.ToolCallState
import dev.sluice.internal.llm.WireCodec
import dev.sluice.internal.llm.anthropicUsage
import dev.sluice.internal.llm.int
import dev.sluice.internal.llm.jsonString
import dev.sluice.internal.llm.nonEmpty
import dev.sluice.internal.llm.normalizeFinishReason
import dev.sluice.internal.llm.obj
import dev.sluice.internal.llm.present
import dev.sluice.internal.llm.readError
import dev.sluice.internal.llm.string
import dev.sluice.llm.LlmChoice
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.LlmRawEvent
import dev.sluice.llm.LlmResult
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.put
import java.util.TreeMap

/**
 * Anthropic Messages stream events: `message_stop` ends the stream, `event: error` fails it, `ping`
 * never reaches here. Blocks are kept in index order; a tool block's input is parsed at its stop.
 */
internal class AnthropicCodec : WireCodec(Provider.ANTHROPIC) {
    private var id: String? = null
    private var model: String? = null
    private var role: String? = null
    private var stopReason: String? = null
    private var stopSequence: String? = null
    private val usage = LinkedHashMap<String, JsonElement>()
    private val blocks = TreeMap<Int, AnthropicBlock>()
    private var toolCount = 0

    override val startId: String? get() = id
    override val startModel: String? get() = model

    override fun onEvent(raw: LlmRawEvent, json: JsonElement?, out: MutableList<LlmEvent>) {
        if (json !is JsonObject) {
            when (raw.type) {
                "error" -> fail(readError(null, raw))
                "message_stop" -> terminate() // a server that sent the terminal event without data
                else -> out.add(LlmEvent.Unknown(raw))
            }
            return
        }
        when (json.string("type") ?: raw.type) {
            "message_start" -> onMessageStart(json, raw, out)
            "content_block_start" -> onBlockStart(json, raw, out)
            "content_block_delta" -> onBlockDelta(json, raw, out)
            "content_block_stop" -> onBlockStop(json, raw, out)
            "message_delta" -> onMessageDelta(json, raw, out)
            "message_stop" -> {
                ensureStarted(raw, out)
                terminate()
            }
            "error" -> fail(readError(json.present("error") ?: json, raw))
            else -> out.add(LlmEvent.Unknown(raw))
        }
    }

    private fun onMessageStart(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val message = json.obj("message") ?: JsonObject(emptyMap())
        if (id == null) id = message.nonEmpty("id")
        if (model == null) model = message.nonEmpty("model")
        message.nonEmpty("role")?.let { role = it }
        ensureStarted(raw, out)
        message.obj("usage")?.let { mergeUsage(it, raw, out) }
    }

    private fun mergeUsage(u: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        var changed = false
        for ((key, value) in u) {
            if (value is JsonPrimitive && !value.isString && value.doubleOrNull != null) {
                usage[key] = value
                changed = true
            }
        }
        if (changed) out.add(LlmEvent.Usage(anthropicUsage(JsonObject(usage)), raw))
    }

    private fun onBlockStart(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val start = json.obj("content_block") ?: return
        val block = AnthropicBlock(json.int("index") ?: nextIndex(), start)
        blocks[block.index] = block
        ensureStarted(raw, out)
        when (block.type) {
            "text" -> if (block.text.isNotEmpty()) out.add(LlmEvent.TextDelta(0, block.text.toString(), raw))
            "thinking" -> if (block.text.isNotEmpty()) out.add(LlmEvent.ReasoningDelta(0, block.text.toString(), raw))
            "tool_use" -> {
                val tool = ToolCallState(0, toolCount++)
                tool.id = start.nonEmpty("id")
                tool.name = start.nonEmpty("name")
                block.tool = tool
                tool.start(raw, out)
            }
            "redacted_thinking", "server_tool_use" -> Unit // kept in the result; no neutral meaning
            else -> out.add(LlmEvent.Unknown(raw))
        }
    }

    private fun nextIndex(): Int = if (blocks.isEmpty()) 0 else blocks.lastKey() + 1

    private fun block(json: JsonObject): AnthropicBlock? {
        val index = json.int("index")
        return if (index != null) blocks[index] else blocks.lastEntry()?.value
    }

    private fun onBlockDelta(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val delta = json.obj("delta") ?: return
        val block = block(json) ?: AnthropicBlock(json.int("index") ?: nextIndex(), blockFor(delta)).also { blocks[it.index] = it }
        ensureStarted(raw, out)
        when (delta.string("type")) {
            "text_delta" -> delta.string("text")?.let { text ->
                block.text.append(text)
                if (text.isNotEmpty()) out.add(LlmEvent.TextDelta(0, text, raw))
            }
            "thinking_delta" -> delta.string("thinking")?.let { text ->
                block.text.append(text)
                if (text.isNotEmpty()) out.add(LlmEvent.ReasoningDelta(0, text, raw))
            }
            "signature_delta" -> delta.string("signature")?.let { sig ->
                block.signature.append(sig)
                if (sig.isNotEmpty()) out.add(LlmEvent.ReasoningSignature(0, sig, raw))
            }
            "input_json_delta" -> delta.string("partial_json")?.let { part ->
                val tool = block.tool
                if (tool != null) tool.appendArguments(part, raw, out)
                block.partialJson.append(part)
            }
            "citations_delta" -> delta.present("citation")?.let { block.citations.add(it) }
            else -> out.add(LlmEvent.Unknown(raw))
        }
    }

    /** A block whose start never arrived, shaped after its first delta. */
    private fun blockFor(delta: JsonObject): JsonObject = buildJsonObject {
        put("type", when (delta.string("type")) {
            "thinking_delta", "signature_delta" -> "thinking"
            "input_json_delta" -> "tool_use"
            else -> "text"
        })
    }

    private fun onBlockStop(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        val block = block(json) ?: return
        block.isStopped = true
        block.tool?.complete(raw, out, block.argumentsText())
    }

    private fun onMessageDelta(json: JsonObject, raw: LlmRawEvent, out: MutableList<LlmEvent>) {
        ensureStarted(raw, out)
        json.obj("usage")?.let { mergeUsage(it, raw, out) }
        val delta = json.obj("delta") ?: return
        if (delta.containsKey("stop_sequence")) stopSequence = delta.string("stop_sequence")
        val reason = delta.nonEmpty("stop_reason") ?: return
        stopReason = reason
        out.add(LlmEvent.Finished(0, reason, normalizeFinishReason(reason) ?: LlmFinishReason.OTHER, raw))
    }

    override fun snapshot(): LlmResult {
        val ordered = blocks.values.toList()
        val usageObj = if (usage.isEmpty()) null else JsonObject(LinkedHashMap(usage))
        val texts = ordered.filter { it.type == "text" }
        val thinking = ordered.filter { it.type == "thinking" }
        val choice = LlmChoice(
            index = 0,
            role = role ?: "assistant",
            text = if (texts.isEmpty()) null else texts.joinToString("") { it.text },
            reasoning = if (thinking.isEmpty()) null else thinking.joinToString("") { it.text },
            reasoningSignature = thinking.lastOrNull { it.signature.isNotEmpty() }?.signature?.toString(),
            refusal = null,
            toolCalls = ordered.mapNotNull { b -> b.tool?.let { it.toPublic(if (b.isStopped) b.argumentsText() else b.partialJson.toString()) } },
            finishReason = stopReason,
            normalizedFinishReason = normalizeFinishReason(stopReason),
        )
        val json = buildJsonObject {
            put("id", jsonString(id))
            put("type", "message")
            put("role", role ?: "assistant")
            put("model", jsonString(model))
            put("content", buildJsonArray { ordered.forEach { add(it.render()) } })
            put("stop_reason", jsonString(stopReason))
            put("stop_sequence", jsonString(stopSequence))
            put("usage", usageObj ?: kotlinx.serialization.json.JsonNull)
        }
        return LlmResult(provider, id, model, listOf(choice), usageObj?.let { anthropicUsage(it) }, null,
            isTerminated && failure == null, json)
    }
}
