package dev.sluice.internal.testkit

import dev.sluice.testkit.WireFormat
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject

/** OpenAI's error object: `{"error": {"message", "type", "param", "code"}}`. */
internal fun openAiError(type: String, message: String, code: String?): JsonObject = buildJsonObject {
    putJsonObject("error") {
        put("message", message)
        put("type", type)
        put("param", JsonNull)
        put("code", code)
    }
}

/** Anthropic's error object: `{"type": "error", "error": {"type", "message"}}`. */
internal fun anthropicError(type: String, message: String): JsonObject = buildJsonObject {
    put("type", "error")
    putJsonObject("error") {
        put("type", type)
        put("message", message)
    }
}

/**
 * The body of an HTTP error reply in [format]'s shape (OpenAI's for unknown paths).
 * [errorType] `null` picks the provider's usual type for [status].
 */
internal fun httpErrorBody(format: WireFormat?, status: Int, errorType: String?, message: String, requestId: String): JsonObject =
    when (format) {
        WireFormat.ANTHROPIC -> buildJsonObject {
            put("type", "error")
            putJsonObject("error") {
                put("type", errorType ?: anthropicErrorType(status))
                put("message", message)
            }
            put("request_id", requestId)
        }
        WireFormat.OLLAMA -> buildJsonObject { put("error", message) }
        WireFormat.GEMINI -> geminiError(status, errorType ?: geminiStatusOf(status), message)
        else -> if (errorType != null) {
            openAiError(errorType, message, code = null)
        } else {
            val (type, code) = openAiErrorType(status)
            openAiError(type, message, code)
        }
    }

private fun anthropicErrorType(status: Int): String = when (status) {
    400 -> "invalid_request_error"
    401 -> "authentication_error"
    402 -> "billing_error"
    403 -> "permission_error"
    404 -> "not_found_error"
    413 -> "request_too_large"
    429 -> "rate_limit_error"
    504 -> "timeout_error"
    529 -> "overloaded_error"
    in 400..499 -> "invalid_request_error"
    else -> "api_error"
}

private fun openAiErrorType(status: Int): Pair<String, String?> = when (status) {
    401 -> "invalid_request_error" to "invalid_api_key"
    404 -> "invalid_request_error" to "model_not_found"
    429 -> "requests" to "rate_limit_exceeded"
    in 400..499 -> "invalid_request_error" to null
    else -> "server_error" to null
}
