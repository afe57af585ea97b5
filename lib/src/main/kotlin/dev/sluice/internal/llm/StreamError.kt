package dev.sluice.internal.llm

import dev.sluice.llm.LlmRawEvent
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/** An error a provider reported inside a stream, before it becomes an exception with the partial result. */
internal class StreamError(
    val type: String,
    val code: String?,
    val message: String,
    val raw: LlmRawEvent?,
) {
    val isRetryable: Boolean get() = type in RETRYABLE || code in RETRYABLE
}

/** Error types and codes that mean "try again": overloaded / unavailable / internal / rate limited. */
private val RETRYABLE = setOf(
    "overloaded_error", "overloaded", "api_error", "server_error", "internal_error", "internal_server_error",
    "service_unavailable", "service_unavailable_error", "rate_limit_error", "rate_limit_exceeded", "timeout",
    "timeout_error", "slow_down",
)

/**
 * Reads an error value as providers send it: an object with `type` / `code` / `message` (OpenAI,
 * Anthropic's inner `error`), or a bare string (Ollama, some compatible servers).
 */
internal fun readError(error: JsonElement?, raw: LlmRawEvent?): StreamError {
    if (error is JsonObject) {
        val type = error.nonEmpty("type")
        val code = error.nonEmpty("code") ?: error.long("code")?.toString()
        val message = error.string("message") ?: error.toString()
        return StreamError(type ?: code ?: "error", code, message, raw)
    }
    if (error is JsonPrimitive && error.isString) return StreamError("error", null, error.content, raw)
    return StreamError("error", null, error?.toString() ?: raw?.data ?: "unknown error", raw)
}
