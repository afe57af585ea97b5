package dev.sluice.internal.llm

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.longOrNull

/** Lenient readers over wire JSON: a missing field, `null` or a value of another type reads as `null`. */

internal fun JsonObject.string(key: String): String? = (this[key] as? JsonPrimitive)?.takeIf { it.isString }?.content

/** A string that is neither missing nor empty. */
internal fun JsonObject.nonEmpty(key: String): String? = string(key)?.takeIf { it.isNotEmpty() }

internal fun JsonObject.obj(key: String): JsonObject? = this[key] as? JsonObject

internal fun JsonObject.array(key: String): JsonArray? = this[key] as? JsonArray

internal fun JsonObject.long(key: String): Long? = (this[key] as? JsonPrimitive)?.takeIf { !it.isString }?.longOrNull

internal fun JsonObject.int(key: String): Int? = long(key)?.takeIf { it in Int.MIN_VALUE..Int.MAX_VALUE }?.toInt()

/** The value if present and not JSON `null`. */
internal fun JsonObject.present(key: String): JsonElement? = this[key]?.takeIf { it !is JsonNull }

/** A JSON string, or `null` as JSON `null`. */
internal fun jsonString(value: String?): JsonElement = if (value == null) JsonNull else JsonPrimitive(value)

internal fun JsonElement?.orJsonNull(): JsonElement = this ?: JsonNull

/** Parses text as JSON; `null` when it is not valid JSON. */
internal fun parseJsonOrNull(text: String): JsonElement? =
    try {
        Json.parseToJsonElement(text)
    } catch (e: IllegalArgumentException) { // SerializationException extends it
        null
    }
