package dev.sluice.internal.llm.client

import dev.sluice.http.HttpStatusException
import dev.sluice.llm.LlmHttpException
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Reads the provider's error out of a non-2xx body: OpenAI and compatible servers
 * `{"error": {"message", "type", "code"}}`, Anthropic `{"type": "error", "error": {"type", "message"}}`,
 * Ollama `{"error": "message"}`, and the `{"message"}` / `{"detail"}` bodies of other servers.
 * A body that is not JSON becomes the message as it is.
 */
internal fun toLlmHttpException(provider: Provider, e: HttpStatusException): LlmHttpException {
    val json = try {
        Json.parseToJsonElement(e.bodyExcerpt) as? JsonObject
    } catch (_: Exception) {
        null
    }
    var type: String? = null
    var code: String? = null
    var message: String? = null
    when (val error = json?.get("error")) {
        is JsonObject -> {
            type = error.text("type")
            code = error.text("code")
            message = error.text("message")
        }
        is JsonPrimitive -> if (error.isString) message = error.content.takeIf { it.isNotBlank() }
        else -> Unit
    }
    if (message == null) message = json?.text("message") ?: json?.text("detail")
    val excerpt = e.bodyExcerpt.replace(Regex("\\s+"), " ").trim()
    return LlmHttpException(
        provider = provider,
        status = e.status,
        method = e.method,
        url = e.url,
        headers = e.headers,
        bodyExcerpt = e.bodyExcerpt,
        bodyTruncated = e.bodyTruncated,
        errorType = type ?: code,
        errorCode = code,
        providerMessage = message ?: excerpt.take(300).ifEmpty { "empty body" },
        requestId = e.header("x-request-id")?.takeIf { it.isNotBlank() } ?: e.header("request-id")?.takeIf { it.isNotBlank() },
    )
}

/** A string or number field as text; `null` when absent, null or empty. */
private fun JsonObject.text(name: String): String? {
    val value: JsonElement = get(name) ?: return null
    if (value !is JsonPrimitive || value is kotlinx.serialization.json.JsonNull) return null
    return value.content.takeIf { it.isNotBlank() }
}

/** Provider error types and codes that mean "try again": overloaded, rate limited, server error. */
internal val RETRYABLE_ERROR_TYPES = setOf(
    "overloaded_error", "overloaded", "api_error", "server_error", "internal_error", "rate_limit_error",
    "rate_limit_exceeded", "service_unavailable", "timeout", "timeout_error",
)
