package dev.sluice.internal.llm.accumulate

import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmRawEvent
import kotlinx.serialization.json.JsonObject

/**
 * Renders an accumulated answer as the provider's own non-streaming response. It reads the
 * neutral [AccumulatorState] and keeps only the provider fields that have no neutral home (block
 * order, citations, `created`, the final response object), taken from the raw events it observes.
 * Texts are not copied: a renderer records offsets into the neutral buffers. Not thread-safe.
 */
internal interface ResultRenderer {
    /** A wire event seen for the first time, before the neutral events it carried are applied. */
    fun onRaw(raw: LlmRawEvent, state: AccumulatorState) {}

    /** A neutral event, after it was applied to [state]. */
    fun onEvent(event: LlmEvent, state: AccumulatorState) {}

    /** The provider-shaped response for [state]. */
    fun render(state: AccumulatorState): JsonObject

    /** The provider's response status (Responses), or `null`. */
    fun status(state: AccumulatorState): String? = null

    /** The provider's item id of a tool call (Responses `fc_...`), or `null`. */
    fun toolItemId(choiceIndex: Int, index: Int): String? = null
}
