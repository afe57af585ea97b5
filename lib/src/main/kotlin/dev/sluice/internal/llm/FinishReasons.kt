package dev.sluice.internal.llm

import dev.sluice.llm.LlmFinishReason

/** Maps every provider's finish value to its neutral meaning. */
internal fun normalizeFinishReason(reason: String?): LlmFinishReason? = when (reason) {
    null -> null
    "stop", "end_turn", "stop_sequence", "completed", "eos" -> LlmFinishReason.STOP
    "length", "max_tokens", "max_output_tokens", "model_context_window_exceeded" -> LlmFinishReason.LENGTH
    "tool_calls", "function_call", "tool_use" -> LlmFinishReason.TOOL_CALLS
    "content_filter", "refusal", "safety" -> LlmFinishReason.CONTENT_FILTER
    "failed", "error" -> LlmFinishReason.ERROR
    else -> LlmFinishReason.OTHER
}
