package dev.sluice.internal.llm.accumulate

import dev.sluice.internal.llm.TextBuffer
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.LlmUsage
import java.util.TreeMap

/** One tool call as accumulated from neutral events. */
internal class ToolState(val choiceIndex: Int, val index: Int) {
    var id: String? = null
    var name: String? = null
    val arguments = StringBuilder()
    var isComplete = false
}

/** One choice as accumulated from neutral events: every text is the join of its deltas. */
internal class ChoiceState(val index: Int) {
    val text = TextBuffer()
    val reasoning = TextBuffer()
    val refusal = TextBuffer()
    var signature: StringBuilder? = null
    val tools = TreeMap<Int, ToolState>()
    var rawFinishReason: String? = null
    var finishReason: LlmFinishReason? = null
}

/**
 * The neutral state of one stream's answer, built by [dev.sluice.llm.LlmAccumulator] and read by
 * the provider's [ResultRenderer]. Not thread-safe; the accumulator guards it.
 */
internal class AccumulatorState(
    /** False for views that do not need the message: texts and arguments are then not kept. */
    val keepsContent: Boolean = true,
) {
    var id: String? = null
    var model: String? = null
    val choices = TreeMap<Int, ChoiceState>()
    var usage: LlmUsage? = null
    var isComplete = false
    var skippedEvents = 0

    /** The choice looked up last: nearly every stream has one, asked for once per event. */
    private var lastChoice: ChoiceState? = null

    fun choice(index: Int): ChoiceState {
        val last = lastChoice
        if (last != null && last.index == index) return last
        return choices.getOrPut(index) { ChoiceState(index) }.also { lastChoice = it }
    }

    /** The text length of choice [index] so far (0 when it has none). */
    fun textLength(index: Int): Int = choices[index]?.text?.length ?: 0

    fun reasoningLength(index: Int): Int = choices[index]?.reasoning?.length ?: 0

    fun refusalLength(index: Int): Int = choices[index]?.refusal?.length ?: 0
}
