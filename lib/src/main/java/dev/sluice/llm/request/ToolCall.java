package dev.sluice.llm.request;

import java.util.Objects;

/**
 * A tool call an assistant made, as sent back in the conversation history: the call's id, the
 * function name and its arguments as JSON text (exactly as the model produced them).
 */
public final class ToolCall {
    private final String id;
    private final String name;
    private final String arguments;

    private ToolCall(String id, String name, String arguments) {
        this.id = id;
        this.name = name;
        this.arguments = arguments;
    }

    /**
     * A tool call. {@code argumentsJson} is kept as given; providers that need an object
     * (Anthropic {@code input}, Ollama {@code arguments}) parse it when the request is encoded,
     * an empty string meaning {@code {}}.
     */
    public static ToolCall of(String id, String name, String argumentsJson) {
        Names.requireNonBlank(id, "tool call id");
        Names.requireNonBlank(name, "tool call name");
        Objects.requireNonNull(argumentsJson, "argumentsJson");
        return new ToolCall(id, name, argumentsJson);
    }

    /** The provider's id for this call; a {@link Role#TOOL} message answers it by this id. */
    public String getId() {
        return id;
    }

    /** The function name. */
    public String getName() {
        return name;
    }

    /** The arguments as JSON text. */
    public String getArguments() {
        return arguments;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ToolCall)) return false;
        ToolCall other = (ToolCall) o;
        return id.equals(other.id) && name.equals(other.name) && arguments.equals(other.arguments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, arguments);
    }

    @Override
    public String toString() {
        return "ToolCall(id=" + id + ", name=" + name + ", arguments=" + Names.abbreviate(arguments) + ")";
    }
}
