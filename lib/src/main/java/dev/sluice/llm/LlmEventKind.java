package dev.sluice.llm;

/**
 * The kinds of {@link LlmEvent}, one per subclass, for Java {@code switch} statements.
 *
 * <p>A Java enum on purpose: a Kotlin enum would show Java callers {@code getEntries()} returning
 * {@code kotlin.enums.EnumEntries}.
 */
public enum LlmEventKind {
    STREAM_STARTED,
    TEXT_DELTA,
    REASONING_DELTA,
    REASONING_SIGNATURE,
    REFUSAL_DELTA,
    TOOL_CALL_STARTED,
    TOOL_CALL_ARGUMENTS_DELTA,
    TOOL_CALL_COMPLETED,
    USAGE,
    FINISHED,
    /** The stream's terminal event arrived: the answer is complete. */
    STREAM_COMPLETED,
    UNKNOWN,
    /**
     * A known provider event with no neutral meaning (content block boundaries, citations, status
     * updates), kept so every wire event reaches consumers.
     */
    PROVIDER_EVENT,
}
