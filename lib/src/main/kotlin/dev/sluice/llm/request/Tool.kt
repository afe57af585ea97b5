package dev.sluice.llm.request

import dev.sluice.internal.llm.request.requireJsonObject
import java.util.Objects

/**
 * A function the model may call: its name, a description, and a JSON Schema for its parameters.
 *
 * Encoded per provider: Chat Completions `{type: function, function: {name, description,
 * parameters, strict}}`; Responses `{type: function, name, description, parameters, strict}`;
 * Anthropic `{name, description, input_schema}`; Ollama as Chat Completions.
 *
 * @property name the function name.
 * @property description the description, or `null`.
 * @property parameters the JSON Schema of the parameters as JSON text, or `null` when none was given.
 * @property strict OpenAI strict schema adherence, or `null` when not set. Chat Completions then
 *   omits the field (non-strict); Responses, which would default to strict, is sent `false`
 *   explicitly so one schema works with both. Anthropic and Ollama ignore it.
 */
public class Tool private constructor(
    public val name: String,
    public val description: String?,
    public val parameters: String?,
    public val strict: Boolean?,
) {
    override fun equals(other: Any?): Boolean =
        other is Tool && name == other.name && description == other.description &&
            parameters == other.parameters && strict == other.strict

    override fun hashCode(): Int = Objects.hash(name, description, parameters, strict)

    override fun toString(): String =
        "Tool(name=$name, description=${Names.abbreviate(description)}, parameters=${Names.abbreviate(parameters)}" +
            (if (strict == null) "" else ", strict=$strict") + ")"

    /** Builds a [Tool]. */
    public class Builder internal constructor(private val name: String) {
        private var description: String? = null
        private var parameters: String? = null
        private var strict: Boolean? = null

        public fun description(description: String?): Builder = apply { this.description = description }

        /**
         * The parameters' JSON Schema as JSON text (an object).
         *
         * @throws LlmRequestException if the text is not a JSON object
         */
        public fun parameters(schemaJson: String): Builder = apply {
            requireJsonObject(schemaJson, "parameters of tool '$name'")
            parameters = schemaJson
        }

        /** OpenAI strict schema adherence; see [Tool.strict]. */
        public fun strict(strict: Boolean): Builder = apply { this.strict = strict }

        public fun build(): Tool = Tool(name, description, parameters, strict)
    }

    public companion object {
        /** The schema used where a provider needs one and none was given: no parameters. */
        public const val EMPTY_OBJECT_SCHEMA: String = "{\"type\":\"object\",\"properties\":{}}"

        /** A tool with a description and a parameter schema given as JSON text. */
        @JvmStatic
        public fun function(name: String, description: String?, parametersJson: String): Tool =
            builder(name).description(description).parameters(parametersJson).build()

        /** A builder for the tool named [name]. */
        @JvmStatic
        public fun builder(name: String): Builder = Builder(Names.requireNonBlank(name, "tool name"))
    }
}
