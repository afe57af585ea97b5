package dev.sluice.llm;

/**
 * Why a choice ended, the same for every provider. The provider's own value stays available as a
 * string next to it ({@code finish_reason}, {@code stop_reason}, a Responses status, {@code done_reason}).
 *
 * <p>A Java enum on purpose: a Kotlin enum would show Java callers {@code getEntries()} returning
 * {@code kotlin.enums.EnumEntries}.
 */
public enum LlmFinishReason {
    /** A natural end or a stop sequence ({@code stop}, {@code end_turn}, {@code stop_sequence}, {@code completed}). */
    STOP,

    /** The token limit ({@code length}, {@code max_tokens}, {@code max_output_tokens}). */
    LENGTH,

    /** The model asks for tool calls ({@code tool_calls}, {@code function_call}, {@code tool_use}). */
    TOOL_CALLS,

    /** Filtered or refused ({@code content_filter}, {@code refusal}). */
    CONTENT_FILTER,

    /** The provider reported a failure ({@code failed}, {@code error}). */
    ERROR,

    /** Any other value ({@code pause_turn}, unknown values). */
    OTHER,
}
