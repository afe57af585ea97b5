package dev.sluice.llm

import dev.sluice.LimitExceededException

/**
 * An accumulated answer grew past [LlmAccumulator.maxAccumulatedChars] (limit name
 * `maxAccumulatedChars`, counted in characters, not bytes). Nothing delivered before is lost: the
 * events already emitted stay emitted, and [partial] holds the answer accumulated up to the limit.
 *
 * @property partial the result accumulated before the event that would have passed the limit.
 * @property accumulatedChars the characters the answer would have had with that event.
 */
public class LlmLimitExceededException internal constructor(
    limit: Int,
    public val accumulatedChars: Long,
    offset: Long,
    public val partial: LlmResult,
) : LimitExceededException("maxAccumulatedChars", limit, offset, "answer") {
    override val message: String =
        "${partial.provider.id} answer of $accumulatedChars characters exceeds maxAccumulatedChars=$limit" +
            (if (offset >= 0) " (event at byte offset $offset)" else "") +
            "; raise LlmClientOptions.maxAccumulatedChars, or stream through a view that does not accumulate"
}
