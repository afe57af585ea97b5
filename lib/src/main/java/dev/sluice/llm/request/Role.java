package dev.sluice.llm.request;

/** Who speaks in a {@link Message}. */
public enum Role {
    /** Instructions for the model (Anthropic: the top-level {@code system}; Responses: {@code instructions}). */
    SYSTEM,
    /** The person or program asking. */
    USER,
    /** The model's earlier answers, possibly with tool calls. */
    ASSISTANT,
    /** The result of a tool call, answering an assistant's {@link ToolCall} by its id. */
    TOOL
}
