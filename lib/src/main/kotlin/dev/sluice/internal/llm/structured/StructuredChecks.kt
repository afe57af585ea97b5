package dev.sluice.internal.llm.structured

import dev.sluice.llm.LlmSchemaException
import dev.sluice.llm.request.ResponseSchema
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import java.util.function.Function

/*
 * The end of a structured answer for dev.sluice.llm.StructuredOutput: the final text parsed,
 * checked against the schema, then handed to the caller's parser or a kotlinx deserializer, every
 * failure an LlmSchemaException naming the path.
 */

/** Strict decoding: a property the type does not have is an error, as the schema says. */
private val STRICT = Json { ignoreUnknownKeys = false }

internal fun checked(text: String, schema: ResponseSchema?): JsonElement {
    val value = try {
        Json.parseToJsonElement(text)
    } catch (e: SerializationException) {
        throw LlmSchemaException("$", "not valid JSON (${e.message?.lineSequence()?.firstOrNull()})", text, e)
    } catch (e: IllegalArgumentException) {
        throw LlmSchemaException("$", "not valid JSON (${e.message?.lineSequence()?.firstOrNull()})", text, e)
    }
    if (schema != null) {
        val schemaObject = Json.parseToJsonElement(schema.schemaJson) as JsonObject
        checkSchema(value, schemaObject)?.let { throw LlmSchemaException(it.path, it.reason, text) }
    }
    return value
}

internal fun <T> parseChecked(text: String, schema: ResponseSchema?, parser: Function<String, T>): T {
    checked(text, schema)
    return try {
        parser.apply(text)
    } catch (e: LlmSchemaException) {
        throw e
    } catch (e: RuntimeException) {
        throw LlmSchemaException("$", "the parser refused it: ${e.message ?: e.javaClass.simpleName}", text, e)
    }
}

internal fun <T> decodeChecked(text: String, schema: ResponseSchema?, deserializer: DeserializationStrategy<T>): T {
    val value = checked(text, schema)
    return try {
        STRICT.decodeFromJsonElement(deserializer, value)
    } catch (e: SerializationException) {
        val message = e.message ?: "does not decode"
        val path = PATH_IN_MESSAGE.find(message)?.groupValues?.get(1) ?: "$"
        throw LlmSchemaException(path, message.lineSequence().first(), text, e)
    } catch (e: IllegalArgumentException) {
        throw LlmSchemaException("$", e.message ?: "does not decode", text, e)
    }
}

/** kotlinx names the path in its messages (`... at path: $.a.b`). */
private val PATH_IN_MESSAGE = Regex("at path:? (\\$[^\\s]*)")
