package dev.sluice.internal.testkit

import dev.sluice.testkit.FinishReason
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.addJsonObject
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import kotlinx.serialization.json.putJsonObject

/**
 * Google Gemini `streamGenerateContent?alt=sse`: `data:` chunks framed with CRLF as Google sends
 * them, each a `GenerateContentResponse` with `modelVersion` and `responseId`. Each reasoning
 * token is a `thought: true` part (the signature on the last one), each text token a text part,
 * each tool call one whole `functionCall` part (`id`, `name`, `args` parsed; Gemini does not
 * stream arguments). The closing chunk has `finishReason` and `usageMetadata` (candidates and
 * thoughts tokens adding up to the script's output tokens); there is no terminal event. The
 * in-stream error is `{"error": {"code", "message", "status"}}`.
 */
internal class GeminiEncoder(plan: ReplyPlan) : WireEncoder(plan) {
    private val responseId = "gemini-fake-${plan.number}"

    override val streamContentType: String = "text/event-stream"

    override fun frames(): List<Frame> {
        val frames = ArrayList<Frame>()
        for (part in plan.parts) {
            when (part) {
                is ScriptPart.Text -> part.tokens.forEach { token -> frames += delta { put("text", token) } }
                is ScriptPart.Reasoning -> part.tokens.forEachIndexed { i, token ->
                    frames += delta {
                        put("text", token)
                        put("thought", true)
                        if (i == part.tokens.lastIndex && part.signature != null) put("thoughtSignature", part.signature)
                    }
                }
                is ScriptPart.ToolCall -> frames += delta { functionCall(part) }
            }
        }
        val closing = sse(chunk(candidate(parts = null, finish = true)))
        frames += Frame(Frame.Kind.CLOSING) { closing }
        return frames
    }

    override fun errorFrames(errorType: String?, message: String): List<String> {
        val status = errorType ?: "INTERNAL"
        return listOf(sse(geminiError(httpStatusOf(status), status, message)))
    }

    override fun finalBody(): JsonObject = chunk(candidate(parts = buildJsonArray {
        val texts = plan.parts.filterIsInstance<ScriptPart.Text>()
        val reasoning = plan.parts.filterIsInstance<ScriptPart.Reasoning>()
        if (reasoning.isNotEmpty()) {
            addJsonObject {
                put("text", plan.parts.joinedReasoning())
                put("thought", true)
                reasoning.lastOrNull { it.signature != null }?.let { put("thoughtSignature", it.signature) }
            }
        }
        if (texts.isNotEmpty()) addJsonObject { put("text", plan.parts.joinedText()) }
        plan.parts.filterIsInstance<ScriptPart.ToolCall>().forEach { call -> addJsonObject { functionCall(call) } }
    }, finish = true))

    private fun JsonObjectBuilder.functionCall(call: ScriptPart.ToolCall) {
        putJsonObject("functionCall") {
            put("id", call.id)
            put("name", call.name)
            put("args", parsedArguments(call.arguments))
        }
    }

    private fun candidate(parts: JsonArray?, finish: Boolean): JsonObject = buildJsonObject {
        if (parts != null) {
            putJsonObject("content") {
                put("parts", parts)
                put("role", "model")
            }
        }
        if (finish) put("finishReason", finishReason())
        put("index", 0)
    }

    /** One chunk around [candidate]; the closing one (and the non-streaming body) carries usage. */
    private fun chunk(candidate: JsonObject): JsonObject = buildJsonObject {
        putJsonArray("candidates") { add(candidate) }
        if (candidate.containsKey("finishReason")) put("usageMetadata", usage())
        put("modelVersion", plan.model)
        put("responseId", responseId)
    }

    private fun usage(): JsonObject = buildJsonObject {
        val thoughts = plan.script.reasoningTokenCount().coerceAtMost(plan.outputTokens)
        put("promptTokenCount", plan.inputTokens)
        put("candidatesTokenCount", plan.outputTokens - thoughts)
        put("totalTokenCount", plan.inputTokens + plan.outputTokens)
        if (thoughts > 0) put("thoughtsTokenCount", thoughts)
    }

    private fun finishReason(): String = when (plan.finishReason) {
        FinishReason.STOP, FinishReason.TOOL_CALLS -> "STOP"
        FinishReason.LENGTH -> "MAX_TOKENS"
        FinishReason.CONTENT_FILTER -> "SAFETY"
    }

    private fun delta(part: JsonObjectBuilder.() -> Unit): Frame {
        val text = sse(chunk(candidate(JsonArray(listOf(buildJsonObject(part))), finish = false)))
        return Frame(Frame.Kind.DELTA) { text }
    }

    private fun sse(json: JsonObject): String = "data: $json\r\n\r\n"
}

/** Gemini's error object: `{"error": {"code", "message", "status"}}`. */
internal fun geminiError(code: Int, status: String, message: String): JsonObject = buildJsonObject {
    putJsonObject("error") {
        put("code", code)
        put("message", message)
        put("status", status)
    }
}

/** The Google RPC status Gemini reports with an HTTP [status]. */
internal fun geminiStatusOf(status: Int): String = when (status) {
    400 -> "INVALID_ARGUMENT"
    401 -> "UNAUTHENTICATED"
    403 -> "PERMISSION_DENIED"
    404 -> "NOT_FOUND"
    409 -> "ABORTED"
    429 -> "RESOURCE_EXHAUSTED"
    499 -> "CANCELLED"
    501 -> "UNIMPLEMENTED"
    503 -> "UNAVAILABLE"
    504 -> "DEADLINE_EXCEEDED"
    in 400..499 -> "FAILED_PRECONDITION"
    else -> "INTERNAL"
}

private fun httpStatusOf(rpcStatus: String): Int = when (rpcStatus) {
    "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> 400
    "UNAUTHENTICATED" -> 401
    "PERMISSION_DENIED" -> 403
    "NOT_FOUND" -> 404
    "ABORTED", "ALREADY_EXISTS" -> 409
    "RESOURCE_EXHAUSTED" -> 429
    "UNAVAILABLE" -> 503
    "DEADLINE_EXCEEDED" -> 504
    else -> 500
}
