package dev.sluice.llm.request

import java.util.Objects

/**
 * A tool call an assistant made, as sent back in the conversation history: the call's id, the
 * function name and its arguments as JSON text (exactly as the model produced them).
 *
 * @property id the provider's id for this call; a [Role.TOOL] message answers it by this id.
 * @property name the function name.
 * @property arguments the arguments as JSON text.
 */
public class ToolCall private constructor(
    public val id: String,
    public val name: String,
    public val arguments: String,
) {
    override fun equals(other: Any?): Boolean =
        other is ToolCall && id == other.id && name == other.name && arguments == other.arguments

    override fun hashCode(): Int = Objects.hash(id, name, arguments)

    override fun toString(): String = "ToolCall(id=$id, name=$name, arguments=${Names.abbreviate(arguments)})"

    public companion object {
        /**
         * A tool call. [argumentsJson] is kept as given; providers that need an object (Anthropic
         * `input`, Ollama `arguments`) parse it when the request is encoded, an empty string
         * meaning `{}`.
         */
        @JvmStatic
        public fun of(id: String, name: String, argumentsJson: String): ToolCall =
            ToolCall(Names.requireNonBlank(id, "tool call id"), Names.requireNonBlank(name, "tool call name"), argumentsJson)
    }
}
