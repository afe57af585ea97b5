package dev.sluice.llm.request

import java.util.Objects

/**
 * Whether and which tool the model must call.
 *
 * | | Chat Completions | Responses | Anthropic |
 * |---|---|---|---|
 * | auto | `"auto"` | `"auto"` | `{type: auto}` |
 * | none | `"none"` | `"none"` | `{type: none}` |
 * | required | `"required"` | `"required"` | `{type: any}` |
 * | function | `{type: function, function: {name}}` | `{type: function, name}` | `{type: tool, name}` |
 *
 * Ollama has no tool choice: only [auto] is accepted there (and sends nothing).
 *
 * @property type the kind of choice.
 * @property functionName the function's name for [Type.FUNCTION], else `null`.
 */
public class ToolChoice private constructor(public val type: Type, public val functionName: String?) {

    /** The kind of choice. */
    public enum class Type { AUTO, NONE, REQUIRED, FUNCTION }

    override fun equals(other: Any?): Boolean =
        other is ToolChoice && other.type == type && other.functionName == functionName

    override fun hashCode(): Int = Objects.hash(type, functionName)

    override fun toString(): String =
        if (type == Type.FUNCTION) "ToolChoice(FUNCTION $functionName)" else "ToolChoice($type)"

    /** The shared choices without a name (private vals in the companion would add accessors to the API). */
    private object Fixed {
        val AUTO = ToolChoice(Type.AUTO, null)
        val NONE = ToolChoice(Type.NONE, null)
        val REQUIRED = ToolChoice(Type.REQUIRED, null)
    }

    public companion object {
        /** The model decides. */
        @JvmStatic
        public fun auto(): ToolChoice = Fixed.AUTO

        /** The model must not call a tool. */
        @JvmStatic
        public fun none(): ToolChoice = Fixed.NONE

        /** The model must call at least one tool. */
        @JvmStatic
        public fun required(): ToolChoice = Fixed.REQUIRED

        /** The model must call the function named [name]. */
        @JvmStatic
        public fun function(name: String): ToolChoice = ToolChoice(Type.FUNCTION, Names.requireNonBlank(name, "function name"))
    }
}
