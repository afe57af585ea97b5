package dev.sluice.llm

import dev.sluice.SluiceException
import dev.sluice.internal.secrets.Redaction
import dev.sluice.llm.request.Provider

/**
 * An error the provider reported inside a successful (200) stream: an OpenAI `{"error": ...}` chunk,
 * an Anthropic `event: error`, a Responses `error` event or `response.failed`, an Ollama `error` line.
 *
 * @property provider the wire format of the stream.
 * @property errorType the provider's error type (`overloaded_error`, `server_error`,
 *   `insufficient_quota`...; for Responses the `code` when no type is given; `error` when the
 *   provider gave neither).
 * @property errorCode the provider's error code, if it sent one.
 * @property isRetryable whether the same request may succeed if sent again (overloaded, server and
 *   rate-limit errors, like a 529, 503 or 500 status); quota, validation and content errors are not.
 * @property partial everything accumulated before the error, in the same shape as a final result.
 * @property rawEvent the wire event that carried (or, for Responses, concluded) the error, as
 *   received.
 */
public open class LlmStreamException internal constructor(
    public val provider: Provider,
    public val errorType: String,
    public val errorCode: String?,
    providerMessage: String,
    public val isRetryable: Boolean,
    public val partial: LlmResult,
    public val rawEvent: LlmRawEvent?,
    message: String,
) : SluiceException(message) {
    /**
     * The provider's message, unchanged but for credentials: anything that looks like one (a URL's
     * secret parameter, a `Bearer` token) or repeats the call's API key is `[redacted]`.
     */
    public val providerMessage: String = Redaction.text(providerMessage)

    public constructor(
        provider: Provider,
        errorType: String,
        errorCode: String?,
        providerMessage: String,
        isRetryable: Boolean,
        partial: LlmResult,
        rawEvent: LlmRawEvent?,
    ) : this(
        provider, errorType, errorCode, providerMessage, isRetryable, partial, rawEvent,
        "${provider.id} stream reported an error: $errorType: $providerMessage" +
            (if (rawEvent?.type != null) " (in event '${rawEvent.type}')" else ""),
    )
}
