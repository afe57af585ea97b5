package dev.sluice.llm

import dev.sluice.http.HttpStatusException
import dev.sluice.internal.secrets.Redaction
import dev.sluice.internal.http.describeRetryAfter
import dev.sluice.llm.request.Provider

/**
 * A provider answered an LLM call with a status outside 2xx, before any event was streamed. Adds to
 * [HttpStatusException] (status, headers, body excerpt) what the provider said in its error body:
 * OpenAI `{"error": {"type", "code", "message"}}`, Anthropic `{"type": "error", "error": {"type",
 * "message"}}`, Ollama `{"error": "message"}`.
 *
 * @property provider the provider called.
 * @property errorType the provider's error type (`invalid_request_error`, `overloaded_error`,
 *   `insufficient_quota`...; the `code` when no type is given), or `null` when the body had none.
 * @property errorCode the provider's error code, if it sent one.
 * @property requestId the response's `x-request-id` (OpenAI) or `request-id` (Anthropic) header.
 *
 * Like every Sluice error it shows no credential: [url] is redacted, and a body that repeats the
 * API key (or anything that looks like a credential) shows `[redacted]` instead.
 */
public class LlmHttpException(
    public val provider: Provider,
    status: Int,
    method: String,
    url: String,
    headers: Map<String, List<String>>,
    bodyExcerpt: String,
    bodyTruncated: Boolean,
    public val errorType: String?,
    public val errorCode: String?,
    providerMessage: String,
    public val requestId: String?,
) : HttpStatusException(status, method, url, headers, bodyExcerpt, bodyTruncated) {
    /** The provider's message, or the body excerpt when it was not JSON; credentials redacted. */
    public val providerMessage: String = Redaction.text(providerMessage)

    /**
     * Whether the same request may succeed if sent again, as `RetryPolicy` decides: 408, 409,
     * 429, 500, 502, 503, 504 and 529 (overloaded), or `x-should-retry: true`; never 400, 401,
     * 403, 404, 422, `x-should-retry: false`, or a quota error (`insufficient_quota`).
     */
    override val isRetryable: Boolean
        get() = super.isRetryable && errorType != "insufficient_quota" && errorCode != "insufficient_quota"

    override val message: String
        get() = "${provider.displayName} answered HTTP $status" +
            (if (errorType != null) " ($errorType)" else "") + ": $providerMessage" +
            " [$method $url" + (if (requestId != null) ", request id $requestId" else "") + "]" +
            describeRetryAfter(retryAfter)
}
