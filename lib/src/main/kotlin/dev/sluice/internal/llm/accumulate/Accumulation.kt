package dev.sluice.internal.llm.accumulate

import dev.sluice.llm.LlmAccumulator
import dev.sluice.llm.LlmChoice
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmResult
import dev.sluice.llm.LlmToolCall
import dev.sluice.llm.request.Provider

/**
 * An accumulator for views that do not need the message (text, events): it keeps ids, usage,
 * finish reasons and tool names for error reports, never texts or arguments.
 */
internal fun metadataOnlyAccumulator(provider: Provider): LlmAccumulator =
    LlmAccumulator(provider, Int.MAX_VALUE, keepsContent = false)

/** Applies one neutral event to [state]: the only accumulation code there is. */
internal fun applyEvent(state: AccumulatorState, event: LlmEvent) {
    if (!state.keepsContent && isContent(event)) {
        if (event is LlmEvent.ToolCallArgumentsDelta) tool(state, event.choiceIndex, event.index)
        return
    }
    when (event) {
        is LlmEvent.StreamStarted -> {
            if (state.id == null) state.id = event.id
            if (state.model == null) state.model = event.model
        }
        is LlmEvent.TextDelta -> state.choice(event.choiceIndex).text.append(event.text)
        is LlmEvent.ReasoningDelta -> state.choice(event.choiceIndex).reasoning.append(event.text)
        is LlmEvent.RefusalDelta -> state.choice(event.choiceIndex).refusal.append(event.text)
        is LlmEvent.ReasoningSignature -> state.choice(event.choiceIndex).let { c ->
            (c.signature ?: StringBuilder().also { c.signature = it }).append(event.signature)
        }
        is LlmEvent.ToolCallStarted -> tool(state, event.choiceIndex, event.index).let { t ->
            if (t.id == null) t.id = event.id
            if (t.name == null) t.name = event.name
        }
        is LlmEvent.ToolCallArgumentsDelta -> tool(state, event.choiceIndex, event.index).arguments.append(event.delta)
        is LlmEvent.ToolCallCompleted -> tool(state, event.choiceIndex, event.index).let { t ->
            if (t.id == null) t.id = event.id
            if (t.name == null) t.name = event.name
            // The provider's final word on the arguments wins (a `.done` event after lost deltas);
            // an accumulator that keeps no content keeps no arguments either.
            if (state.keepsContent && (t.arguments.length != event.arguments.length || t.arguments.toString() != event.arguments)) {
                t.arguments.setLength(0)
                t.arguments.append(event.arguments)
            }
            t.isComplete = true
        }
        is LlmEvent.Usage -> state.usage = event.usage
        is LlmEvent.Finished -> state.choice(event.choiceIndex).let { c ->
            c.rawFinishReason = event.rawFinishReason
            c.finishReason = event.finishReason
        }
        is LlmEvent.StreamCompleted -> state.isComplete = true
        is LlmEvent.Unknown, is LlmEvent.ProviderEvent -> Unit
    }
}

private fun isContent(event: LlmEvent): Boolean =
    event is LlmEvent.TextDelta || event is LlmEvent.ReasoningDelta || event is LlmEvent.RefusalDelta ||
        event is LlmEvent.ReasoningSignature || event is LlmEvent.ToolCallArgumentsDelta

private fun tool(state: AccumulatorState, choiceIndex: Int, index: Int): ToolState =
    state.choice(choiceIndex).tools.getOrPut(index) { ToolState(choiceIndex, index) }

/** The immutable result of [state], with the provider's JSON from [renderer]. */
internal fun toResult(provider: Provider, state: AccumulatorState, renderer: ResultRenderer): LlmResult {
    val choices = state.choices.values.map { c ->
        LlmChoice(
            index = c.index,
            role = "assistant",
            text = c.text.valueOrNull(),
            reasoning = c.reasoning.valueOrNull(),
            reasoningSignature = c.signature?.toString(),
            refusal = c.refusal.valueOrNull(),
            toolCalls = c.tools.values.map { t ->
                LlmToolCall(t.index, t.id, renderer.toolItemId(c.index, t.index), "function", t.name,
                    t.arguments.toString(), t.isComplete)
            },
            rawFinishReason = c.rawFinishReason,
            finishReason = c.finishReason,
        )
    }
    return LlmResult(
        provider = provider,
        id = state.id,
        model = state.model,
        choices = choices,
        usage = state.usage,
        status = renderer.status(state),
        isComplete = state.isComplete,
        providerJson = renderer.render(state),
        metrics = null,
        skippedEvents = state.skippedEvents,
    )
}
