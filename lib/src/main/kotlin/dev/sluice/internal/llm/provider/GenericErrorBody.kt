package dev.sluice.internal.llm.provider

import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * The error bodies most servers send: `{"error": {"message", "type", "code"}}` (OpenAI and
 * compatible servers, Anthropic's inner `error`), `{"error": "message"}` (Ollama), and the
 * `{"message"}` / `{"detail"}` bodies of other servers.
 */
internal fun genericErrorBody(body: JsonObject): ProviderError {
    var type: String? = null
    var code: String? = null
    var message: String? = null
    when (val error = body["error"]) {
        is JsonObject -> {
            type = error.text("type")
            code = error.text("code")
            message = error.text("message")
        }
        is JsonPrimitive -> if (error.isString) message = error.content.takeIf { it.isNotBlank() }
        else -> Unit
    }
    if (message == null) message = body.text("message") ?: body.text("detail")
    return ProviderError(type ?: code, code, message)
}

/** A string or number field as text; `null` when absent, null or blank. */
internal fun JsonObject.text(name: String): String? {
    val value: JsonElement = get(name) ?: return null
    if (value !is JsonPrimitive || value is JsonNull) return null
    return value.content.takeIf { it.isNotBlank() }
}
