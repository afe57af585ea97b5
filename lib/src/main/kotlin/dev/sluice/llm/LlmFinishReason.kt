package dev.sluice.llm

/**
 * Why a choice ended, the same for every provider. The provider's own value stays available as a
 * string next to it (`finish_reason`, `stop_reason`, a Responses status, `done_reason`).
 */
public enum class LlmFinishReason {
    /** A natural end or a stop sequence (`stop`, `end_turn`, `stop_sequence`, `completed`). */
    STOP,

    /** The token limit (`length`, `max_tokens`, `max_output_tokens`). */
    LENGTH,

    /** The model asks for tool calls (`tool_calls`, `function_call`, `tool_use`). */
    TOOL_CALLS,

    /** Filtered or refused (`content_filter`, `refusal`). */
    CONTENT_FILTER,

    /** The provider reported a failure (`failed`, `error`). */
    ERROR,

    /** Any other value (`pause_turn`, unknown values). */
    OTHER,
}
