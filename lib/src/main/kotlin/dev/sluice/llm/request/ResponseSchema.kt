package dev.sluice.llm.request

import dev.sluice.internal.llm.request.requireJsonObject
import dev.sluice.internal.llm.structured.schemaOf
import kotlinx.serialization.KSerializer
import kotlinx.serialization.serializer
import java.util.Objects

/**
 * The JSON Schema the answer must follow (structured output). The answer streams as JSON text:
 * `StructuredOutput` gives the partial object as it grows and the typed object at the end.
 *
 * How it is sent:
 * - Chat Completions (and compatible servers): `response_format: {type: "json_schema",
 *   json_schema: {name, schema, strict}}`.
 * - Responses: `text: {format: {type: "json_schema", name, schema, strict}}`.
 * - Anthropic: `output_config: {format: {type: "json_schema", schema}}` (structured outputs; the
 *   answer stays text, so it streams like any answer).
 * - Gemini: `generationConfig.responseMimeType: "application/json"` and
 *   `generationConfig.responseJsonSchema` (the JSON Schema form; `responseSchema` takes only
 *   Gemini's OpenAPI subset).
 * - Ollama: `format`, the schema object.
 *
 * @property name the schema's name (OpenAI requires one: letters, digits, `_` and `-`, at most 64).
 * @property schemaJson the JSON Schema as JSON text (an object).
 * @property isStrict OpenAI strict adherence (default true); other providers ignore it.
 */
public class ResponseSchema private constructor(
    public val name: String,
    public val schemaJson: String,
    public val isStrict: Boolean,
) {
    override fun equals(other: Any?): Boolean =
        other is ResponseSchema && name == other.name && schemaJson == other.schemaJson && isStrict == other.isStrict

    override fun hashCode(): Int = Objects.hash(name, schemaJson, isStrict)

    override fun toString(): String = "ResponseSchema(name=$name, schema=${Names.abbreviate(schemaJson)}, strict=$isStrict)"

    public companion object {
        private val NAME = Regex("[A-Za-z0-9_-]{1,64}")

        /**
         * A schema given as JSON text, for any type (Java callers keep their own JSON library).
         *
         * @throws LlmRequestException when [schemaJson] is not a JSON object
         * @throws IllegalArgumentException when [name] is not 1 to 64 letters, digits, `_` or `-`
         */
        @JvmStatic
        @JvmOverloads
        public fun of(name: String, schemaJson: String, strict: Boolean = true): ResponseSchema {
            require(NAME.matches(name)) { "schema name must be 1 to 64 letters, digits, '_' or '-', was '$name'" }
            requireJsonObject(schemaJson, "response schema '$name'")
            return ResponseSchema(name, schemaJson, strict)
        }

        /**
         * The schema of a Kotlin `@Serializable` type, derived from its descriptor: classes are
         * objects with `additionalProperties: false` (every property required when [strict], as
         * OpenAI's strict mode demands; else those without a default), lists arrays, maps objects
         * with `additionalProperties`, enums string enums, nullable types `["t", "null"]`.
         * [name] defaults to the type's simple name.
         *
         * @throws IllegalArgumentException for what has no JSON Schema here (polymorphic,
         *   contextual or recursive types)
         */
        @JvmSynthetic
        public fun of(serializer: KSerializer<*>, name: String? = null, strict: Boolean = true): ResponseSchema {
            val descriptor = serializer.descriptor
            val schemaName = name ?: descriptor.serialName.substringAfterLast('.').replace(Regex("[^A-Za-z0-9_-]"), "_").take(64)
            return of(schemaName, schemaOf(descriptor, strict).toString(), strict)
        }

        /** The schema of the `@Serializable` type [T]; see the other overload. */
        @JvmSynthetic
        public inline fun <reified T> of(name: String? = null, strict: Boolean = true): ResponseSchema =
            of(serializer<T>(), name, strict)
    }
}
