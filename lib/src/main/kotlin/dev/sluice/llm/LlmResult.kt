package dev.sluice.llm

import dev.sluice.llm.request.Provider
import dev.sluice.metrics.StreamMetrics
import kotlinx.serialization.json.JsonObject

/**
 * The message accumulated from a stream: final after the terminal event, or a snapshot of what had
 * arrived so far (the partial result an error carries). Immutable.
 *
 * @property provider the wire format it was decoded from.
 * @property id the response id: the first non-empty value the stream sent; `null` if none yet.
 * @property model the model: the first non-empty value the stream sent; `null` if none yet.
 * @property choices the choices ordered by index (one for every provider but Chat Completions `n > 1`).
 * @property usage the token counts, `null` when the stream reported none.
 * @property status the Responses status (`completed`, `failed`, `incomplete`, `in_progress`);
 *   `null` for other providers.
 * @property isComplete whether the stream's terminal event arrived (`[DONE]`, `message_stop`,
 *   `response.completed`/`incomplete`/`failed`, Ollama `done`).
 * @property metrics timing and volume of the stream (time to first token, tokens per second,
 *   bytes, request id...) when it came from an `LlmClient` call; `null` for a result decoded from
 *   a stream read elsewhere, and for snapshots taken while the stream runs. Not part of equality.
 * @property response the HTTP status and headers (with typed rate limits) of the call's response
 *   when it came from an `LlmClient` call (the last response read, for a resumed call); `null`
 *   otherwise. Not part of equality.
 * @property skippedEvents wire events a lenient decoder skipped because they broke the provider's
 *   format (always 0 in the default strict mode, where such an event is an error). Not part of
 *   equality.
 */
public class LlmResult internal constructor(
    public val provider: Provider,
    public val id: String?,
    public val model: String?,
    public val choices: List<LlmChoice>,
    public val usage: LlmUsage?,
    public val status: String?,
    public val isComplete: Boolean,
    @get:JvmSynthetic internal val providerJson: JsonObject,
    public val metrics: StreamMetrics?,
    public val skippedEvents: Int,
    public val response: LlmResponseInfo? = null,
) {
    /** This result with [metrics] and [response] attached. */
    @JvmSynthetic internal fun withCall(metrics: StreamMetrics, response: LlmResponseInfo?): LlmResult =
        LlmResult(provider, id, model, choices, usage, status, isComplete, providerJson, metrics, skippedEvents, response)

    /** The first choice's text, or `""` when there is none. */
    public val text: String get() = choices.firstOrNull()?.text ?: ""

    /** The first choice's tool calls (empty when there is none). */
    public val toolCalls: List<LlmToolCall> get() = choices.firstOrNull()?.toolCalls ?: emptyList()

    /**
     * The result as the provider's own non-streaming response would show it, as compact JSON text:
     * a `chat.completion` object, an Anthropic `message`, a Responses `response` (with
     * `output_text`), or an Ollama `/api/chat` reply.
     */
    public fun toProviderJson(): String = providerJson.toString()

    override fun equals(other: Any?): Boolean =
        other is LlmResult && other.provider == provider && other.isComplete == isComplete &&
            other.providerJson == providerJson

    override fun hashCode(): Int = providerJson.hashCode()

    override fun toString(): String =
        "LlmResult(provider=${provider.id}, id=$id, model=$model, complete=$isComplete, choices=$choices, usage=$usage)"
}
