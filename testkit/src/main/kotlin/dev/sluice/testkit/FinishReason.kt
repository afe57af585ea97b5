package dev.sluice.testkit

/**
 * Why a scripted reply ends, mapped to each wire format's own word:
 *
 * | value | Chat Completions | Responses | Anthropic | Ollama | Gemini |
 * |---|---|---|---|---|---|
 * | [STOP] | `stop` | `completed` | `end_turn` | `stop` | `STOP` |
 * | [LENGTH] | `length` | `incomplete` (`max_output_tokens`) | `max_tokens` | `length` | `MAX_TOKENS` |
 * | [TOOL_CALLS] | `tool_calls` | `completed` | `tool_use` | `stop` | `STOP` |
 * | [CONTENT_FILTER] | `content_filter` | `incomplete` (`content_filter`) | `refusal` | `stop` | `SAFETY` |
 */
public enum class FinishReason {
    STOP,
    LENGTH,
    TOOL_CALLS,
    CONTENT_FILTER,
}
