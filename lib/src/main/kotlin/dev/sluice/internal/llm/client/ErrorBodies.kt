package dev.sluice.internal.llm.client

import dev.sluice.http.HttpStatusException
import dev.sluice.internal.llm.provider.providerSpec
import dev.sluice.llm.LlmHttpException
import dev.sluice.llm.request.Provider
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject

/**
 * Reads the provider's error out of a non-2xx body, as the provider's `readErrorBody` reads it. A
 * body that is not JSON becomes the message as it is.
 */
internal fun toLlmHttpException(provider: Provider, e: HttpStatusException): LlmHttpException {
    val json = try {
        Json.parseToJsonElement(e.bodyExcerpt) as? JsonObject
    } catch (_: Exception) {
        null
    }
    val error = json?.let { providerSpec(provider).readErrorBody(it) }
    val excerpt = e.bodyExcerpt.replace(Regex("\\s+"), " ").trim()
    return LlmHttpException(
        provider = provider,
        status = e.status,
        method = e.method,
        url = e.url,
        headers = e.headers,
        bodyExcerpt = e.bodyExcerpt,
        bodyTruncated = e.bodyTruncated,
        errorType = error?.type,
        errorCode = error?.code,
        providerMessage = error?.message ?: excerpt.take(300).ifEmpty { "empty body" },
        requestId = e.header("x-request-id")?.takeIf { it.isNotBlank() } ?: e.header("request-id")?.takeIf { it.isNotBlank() },
    )
}
