package dev.sluice.llm

/**
 * One accumulated choice (Chat Completions may stream several with `n`; other providers have one).
 *
 * @property index the choice index.
 * @property role the role, `assistant` unless the stream said otherwise.
 * @property text the answer text, `null` when the stream never sent a text field (`""` stays `""`).
 * @property reasoning reasoning/thinking text, `null` when none was streamed.
 * @property reasoningSignature the signature of the (last) Anthropic thinking block, if any.
 * @property refusal refusal text, `null` when none was streamed.
 * @property toolCalls tool calls ordered by index.
 * @property finishReason why the choice ended, the same for every provider (as
 *   [LlmEvent.Finished.finishReason]); `null` while the choice is still running.
 * @property rawFinishReason the provider's own finish value (`stop`, `end_turn`, `tool_use`...);
 *   `null` while the choice is still running.
 */
public class LlmChoice internal constructor(
    public val index: Int,
    public val role: String,
    public val text: String?,
    public val reasoning: String?,
    public val reasoningSignature: String?,
    public val refusal: String?,
    public val toolCalls: List<LlmToolCall>,
    public val rawFinishReason: String?,
    public val finishReason: LlmFinishReason?,
) {
    override fun equals(other: Any?): Boolean =
        other is LlmChoice && other.index == index && other.role == role && other.text == text &&
            other.reasoning == reasoning && other.reasoningSignature == reasoningSignature &&
            other.refusal == refusal && other.toolCalls == toolCalls && other.rawFinishReason == rawFinishReason &&
            other.finishReason == finishReason

    override fun hashCode(): Int = (index * 31 + (text?.hashCode() ?: 0)) * 31 + toolCalls.hashCode()

    override fun toString(): String =
        "LlmChoice(index=$index, role=$role, text=$text, reasoning=$reasoning, refusal=$refusal, " +
            "toolCalls=$toolCalls, finishReason=$finishReason, rawFinishReason=$rawFinishReason)"
}
