package dev.sluice.internal.llm.provider.gemini

import dev.sluice.llm.LlmFinishReason

/**
 * Gemini's `finishReason` values and their neutral meaning. Gemini has no tool-call finish value:
 * a candidate that called functions ends with `STOP`, which means [LlmFinishReason.TOOL_CALLS]
 * when [calledFunctions].
 */
internal fun geminiFinishReason(reason: String, calledFunctions: Boolean): LlmFinishReason = when (reason) {
    "STOP" -> if (calledFunctions) LlmFinishReason.TOOL_CALLS else LlmFinishReason.STOP
    "MAX_TOKENS" -> LlmFinishReason.LENGTH
    "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
    "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION" -> LlmFinishReason.CONTENT_FILTER
    "MALFORMED_FUNCTION_CALL" -> LlmFinishReason.ERROR
    else -> LlmFinishReason.OTHER
}
