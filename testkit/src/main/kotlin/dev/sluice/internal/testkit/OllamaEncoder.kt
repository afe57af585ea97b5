package dev.sluice.internal.testkit

import dev.sluice.testkit.FinishReason
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.addJsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import kotlinx.serialization.json.putJsonObject
import java.time.Instant

/**
 * Ollama `/api/chat`: one JSON object per line (`application/x-ndjson`). Each text token is a
 * line with `message.content`, each reasoning token a line with `message.thinking`, each tool
 * call one whole line with `message.tool_calls` (arguments parsed as JSON, as Ollama sends
 * them); the last line has `"done": true`, `done_reason`, `prompt_eval_count`, `eval_count`
 * and durations derived from the token counts. The in-stream error is `{"error": "..."}`.
 */
internal class OllamaEncoder(plan: ReplyPlan) : WireEncoder(plan) {
    private val createdAt = Instant.ofEpochSecond(plan.createdEpochSeconds).toString()

    override val streamContentType: String = "application/x-ndjson"

    override fun frames(): List<Frame> {
        val frames = ArrayList<Frame>()
        var toolIndex = 0
        for (part in plan.parts) {
            when (part) {
                is ScriptPart.Text -> part.tokens.forEach { token -> frames += delta(line { put("content", token) }) }
                is ScriptPart.Reasoning -> part.tokens.forEach { token ->
                    frames += delta(line {
                        put("content", "")
                        put("thinking", token)
                    })
                }
                is ScriptPart.ToolCall -> {
                    val index = toolIndex++
                    frames += delta(line {
                        put("content", "")
                        putJsonArray("tool_calls") { addJsonObject { toolCall(part, index) } }
                    })
                }
            }
        }
        val last = ndjson(finalLine(buildJsonObject {
            put("role", "assistant")
            put("content", "")
        }))
        frames += Frame(Frame.Kind.CLOSING) { last }
        return frames
    }

    override fun errorFrames(errorType: String?, message: String): List<String> =
        listOf(ndjson(buildJsonObject { put("error", message) }))

    override fun finalBody(): JsonObject = finalLine(buildJsonObject {
        put("role", "assistant")
        put("content", plan.parts.joinedText())
        val reasoning = plan.parts.joinedReasoning()
        if (reasoning.isNotEmpty()) put("thinking", reasoning)
        val calls = plan.parts.filterIsInstance<ScriptPart.ToolCall>()
        if (calls.isNotEmpty()) {
            putJsonArray("tool_calls") {
                calls.forEachIndexed { index, call -> addJsonObject { toolCall(call, index) } }
            }
        }
    })

    private fun JsonObjectBuilder.toolCall(call: ScriptPart.ToolCall, index: Int) {
        put("id", call.id)
        putJsonObject("function") {
            put("index", index)
            put("name", call.name)
            put("arguments", parsedArguments(call.arguments))
        }
    }

    private fun finalLine(message: JsonObject): JsonObject = buildJsonObject {
        put("model", plan.model)
        put("created_at", createdAt)
        put("message", message)
        put("done", true)
        put("done_reason", if (plan.finishReason == FinishReason.LENGTH) "length" else "stop")
        val promptNanos = plan.inputTokens * 1_000_000L
        val evalNanos = plan.outputTokens * 10_000_000L
        put("total_duration", LOAD_NANOS + promptNanos + evalNanos)
        put("load_duration", LOAD_NANOS)
        put("prompt_eval_count", plan.inputTokens)
        put("prompt_eval_duration", promptNanos)
        put("eval_count", plan.outputTokens)
        put("eval_duration", evalNanos)
    }

    private fun line(message: JsonObjectBuilder.() -> Unit): JsonObject = buildJsonObject {
        put("model", plan.model)
        put("created_at", createdAt)
        putJsonObject("message") {
            put("role", "assistant")
            message()
        }
        put("done", false)
    }

    private fun delta(json: JsonObject): Frame {
        val text = ndjson(json)
        return Frame(Frame.Kind.DELTA) { text }
    }

    private fun ndjson(json: JsonObject): String = "$json\n"

    private companion object {
        const val LOAD_NANOS = 1_000_000L
    }
}
