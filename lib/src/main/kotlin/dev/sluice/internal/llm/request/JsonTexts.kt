package dev.sluice.internal.llm.request

import dev.sluice.llm.request.LlmRequestException
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/*
 * JSON text checks for the request model in dev.sluice.llm.request, which keeps JSON as text.
 */

/** Parses [text] as one JSON value; [what] names it in the error ("extra field 'x'"). */
internal fun requireJson(text: String?, what: String) {
    parseJson(text, what)
}

/** Parses [text] as a JSON object; [what] names it in the error. */
internal fun requireJsonObject(text: String?, what: String) {
    parseJsonObject(text, what)
}

internal fun parseJson(text: String?, what: String): JsonElement {
    if (text == null) throw NullPointerException(what)
    val element = try {
        Json.parseToJsonElement(text)
    } catch (e: SerializationException) {
        throw LlmRequestException("$what is not valid JSON: ${e.message?.lineSequence()?.firstOrNull()}", e)
    }
    findBareWord(element)?.let { throw LlmRequestException("$what is not valid JSON: unquoted '$it' (a string needs quotes)") }
    return element
}

/** JSON number grammar (RFC 8259). */
private val JSON_NUMBER = Regex("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")

/**
 * kotlinx's parser accepts unquoted words (`low`) as literals even when not lenient, and would
 * write them back unquoted: find the first such word, if any.
 */
private fun findBareWord(element: JsonElement): String? = when (element) {
    is JsonObject -> element.values.firstNotNullOfOrNull(::findBareWord)
    is JsonArray -> element.firstNotNullOfOrNull(::findBareWord)
    is JsonNull -> null
    is JsonPrimitive -> {
        val c = element.content
        if (element.isString || c == "true" || c == "false" || JSON_NUMBER.matches(c)) null else c
    }
}

internal fun parseJsonObject(text: String?, what: String): JsonObject =
    parseJson(text, what) as? JsonObject ?: throw LlmRequestException("$what must be a JSON object")
