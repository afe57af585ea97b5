package dev.sluice.llm

import dev.sluice.internal.llm.client.parseRateLimits
import java.time.Duration

/**
 * One rate-limit bucket as the provider's headers describe it; each figure is `null` when the
 * header was absent or unreadable.
 *
 * @property limit the most the bucket allows per window (`x-ratelimit-limit-*`, `anthropic-ratelimit-*-limit`).
 * @property remaining what is left in the current window.
 * @property reset the reset header's text as sent: an OpenAI duration (`6m0s`, `20ms`) or an
 *   Anthropic RFC 3339 time.
 * @property resetAfter [reset] read as a duration from now (OpenAI's form), else `null`.
 * @property resetAtEpochMillis [reset] read as a time (Anthropic's RFC 3339 form), in milliseconds
 *   since the epoch, else `null`.
 */
public class RateLimit internal constructor(
    public val limit: Long?,
    public val remaining: Long?,
    public val reset: String?,
    public val resetAfter: Duration?,
    public val resetAtEpochMillis: Long?,
) {
    override fun equals(other: Any?): Boolean =
        other is RateLimit && other.limit == limit && other.remaining == remaining && other.reset == reset

    override fun hashCode(): Int = listOf(limit, remaining, reset).hashCode()

    override fun toString(): String = "RateLimit(limit=$limit, remaining=$remaining, reset=$reset)"
}

/**
 * The rate-limit figures a provider sent with a response, typed. OpenAI (and most compatible
 * servers) send `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`; Anthropic sends
 * `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}`;
 * either may send `retry-after` (seconds or an HTTP date) and `retry-after-ms`. A bucket is `null`
 * when none of its headers came; [isEmpty] when the response had no such header at all
 * (Gemini and Ollama send none).
 */
public class RateLimits internal constructor(
    public val requests: RateLimit?,
    public val tokens: RateLimit?,
    /** Anthropic's input-token bucket. */
    public val inputTokens: RateLimit?,
    /** Anthropic's output-token bucket. */
    public val outputTokens: RateLimit?,
    /** How long the provider asked to wait (`retry-after-ms`, else `retry-after`), or `null`. */
    public val retryAfter: Duration?,
) {
    /** Whether no rate-limit header was present. */
    public val isEmpty: Boolean
        get() = requests == null && tokens == null && inputTokens == null && outputTokens == null && retryAfter == null

    override fun equals(other: Any?): Boolean =
        other is RateLimits && other.requests == requests && other.tokens == tokens &&
            other.inputTokens == inputTokens && other.outputTokens == outputTokens && other.retryAfter == retryAfter

    override fun hashCode(): Int = listOf(requests, tokens, inputTokens, outputTokens, retryAfter).hashCode()

    override fun toString(): String = buildString {
        append("RateLimits(")
        val parts = listOfNotNull(
            requests?.let { "requests=$it" }, tokens?.let { "tokens=$it" },
            inputTokens?.let { "inputTokens=$it" }, outputTokens?.let { "outputTokens=$it" },
            retryAfter?.let { "retryAfter=$it" },
        )
        append(parts.joinToString(", "))
        append(')')
    }

    public companion object {
        /** The figures in [headers] (names in any case). */
        @JvmStatic
        public fun fromHeaders(headers: Map<String, List<String>>): RateLimits = parseRateLimits(headers)
    }
}

/**
 * The HTTP status and headers of a streamed call's response, with the rate-limit figures read
 * from them: on [LlmResult.response] and on the call's [LlmEvent.StreamStarted].
 *
 * @property status the HTTP status (2xx: an error status is an [LlmHttpException] instead).
 * @property headers the response headers, names as the server sent them.
 */
public class LlmResponseInfo internal constructor(
    public val status: Int,
    headers: Map<String, List<String>>,
) {
    public val headers: Map<String, List<String>> = java.util.Collections.unmodifiableMap(LinkedHashMap(headers))

    /** The typed rate-limit figures in [headers]. */
    public val rateLimits: RateLimits = parseRateLimits(headers)

    /** The first value of header [name] (case-insensitive), or `null`. */
    public fun header(name: String): String? =
        headers.entries.firstOrNull { it.key.equals(name, ignoreCase = true) }?.value?.firstOrNull()

    /** The provider's request id (`x-request-id`, Anthropic `request-id`), or `null`. */
    public val requestId: String?
        get() = header("x-request-id")?.takeIf { it.isNotBlank() } ?: header("request-id")?.takeIf { it.isNotBlank() }

    override fun toString(): String = "LlmResponseInfo(status=$status, headers=${headers.size}, rateLimits=$rateLimits)"
}
