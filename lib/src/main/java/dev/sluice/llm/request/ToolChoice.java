package dev.sluice.llm.request;

import org.jspecify.annotations.Nullable;
import java.util.Objects;

/**
 * Whether and which tool the model must call.
 *
 * <table>
 *   <caption>Encoding per provider</caption>
 *   <tr><th></th><th>Chat Completions</th><th>Responses</th><th>Anthropic</th></tr>
 *   <tr><td>auto</td><td>{@code "auto"}</td><td>{@code "auto"}</td><td>{@code {type: auto}}</td></tr>
 *   <tr><td>none</td><td>{@code "none"}</td><td>{@code "none"}</td><td>{@code {type: none}}</td></tr>
 *   <tr><td>required</td><td>{@code "required"}</td><td>{@code "required"}</td><td>{@code {type: any}}</td></tr>
 *   <tr><td>function</td><td>{@code {type: function, function: {name}}}</td>
 *       <td>{@code {type: function, name}}</td><td>{@code {type: tool, name}}</td></tr>
 * </table>
 *
 * <p>Ollama has no tool choice: only {@link #auto()} is accepted there (and sends nothing).
 */
public final class ToolChoice {
    /** The kind of choice. */
    public enum Type { AUTO, NONE, REQUIRED, FUNCTION }

    private static final ToolChoice AUTO = new ToolChoice(Type.AUTO, null);
    private static final ToolChoice NONE = new ToolChoice(Type.NONE, null);
    private static final ToolChoice REQUIRED = new ToolChoice(Type.REQUIRED, null);

    private final Type type;
    private final @Nullable String functionName;

    private ToolChoice(Type type, String functionName) {
        this.type = type;
        this.functionName = functionName;
    }

    /** The model decides. */
    public static ToolChoice auto() {
        return AUTO;
    }

    /** The model must not call a tool. */
    public static ToolChoice none() {
        return NONE;
    }

    /** The model must call at least one tool. */
    public static ToolChoice required() {
        return REQUIRED;
    }

    /** The model must call the function named {@code name}. */
    public static ToolChoice function(String name) {
        return new ToolChoice(Type.FUNCTION, requireName(name));
    }

    public Type getType() {
        return type;
    }

    /** The function's name for {@link Type#FUNCTION}, else {@code null}. */
    public @Nullable String getFunctionName() {
        return functionName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolChoice && ((ToolChoice) o).type == type
                && Objects.equals(((ToolChoice) o).functionName, functionName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, functionName);
    }

    @Override
    public String toString() {
        return type == Type.FUNCTION ? "ToolChoice(FUNCTION " + functionName + ")" : "ToolChoice(" + type + ")";
    }

    private static String requireName(String name) {
        if (name == null || name.trim().isEmpty()) {
            throw new IllegalArgumentException("function name is blank");
        }
        return name;
    }
}
