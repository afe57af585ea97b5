package dev.sluice.llm

/**
 * Token counts, read from the provider's usage object. A count the provider did not send is `null`.
 *
 * @property inputTokens prompt tokens (`prompt_tokens`, `input_tokens`, Ollama `prompt_eval_count`).
 * @property outputTokens generated tokens (`completion_tokens`, `output_tokens`, Ollama `eval_count`).
 * @property totalTokens the provider's total, when it sends one (Anthropic and Ollama do not).
 * @property reasoningTokens reasoning tokens included in [outputTokens], when reported.
 * @property cachedInputTokens prompt tokens served from cache (`cached_tokens`, `cache_read_input_tokens`).
 * @property json the provider's usage object as JSON text (for Anthropic: the merged numeric counts).
 */
public class LlmUsage(
    public val inputTokens: Long?,
    public val outputTokens: Long?,
    public val totalTokens: Long?,
    public val reasoningTokens: Long?,
    public val cachedInputTokens: Long?,
    public val json: String,
) {
    override fun equals(other: Any?): Boolean =
        other is LlmUsage && other.inputTokens == inputTokens && other.outputTokens == outputTokens &&
            other.totalTokens == totalTokens && other.reasoningTokens == reasoningTokens &&
            other.cachedInputTokens == cachedInputTokens && other.json == json

    override fun hashCode(): Int = json.hashCode()

    override fun toString(): String =
        "LlmUsage(input=$inputTokens, output=$outputTokens, total=$totalTokens, reasoning=$reasoningTokens, " +
            "cachedInput=$cachedInputTokens)"
}
