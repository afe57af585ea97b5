package dev.sluice.internal.llm

import dev.sluice.llm.LlmRawEvent
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull

/**
 * Strict readers for the fields a codec knows: missing or `null` reads as `null`, a value of
 * another type is a [ProtocolViolation] naming the field. Unknown fields are never read, so they
 * never fail.
 */

internal fun JsonObject.textField(key: String): String? = when (val v = this[key]) {
    null, JsonNull -> null
    is JsonPrimitive -> if (v.isString) v.content else wrongType(key, "a string", v)
    else -> wrongType(key, "a string", v)
}

internal fun JsonObject.objectField(key: String): JsonObject? = when (val v = this[key]) {
    null, JsonNull -> null
    is JsonObject -> v
    else -> wrongType(key, "an object", v)
}

internal fun JsonObject.arrayField(key: String): JsonArray? = when (val v = this[key]) {
    null, JsonNull -> null
    is JsonArray -> v
    else -> wrongType(key, "an array", v)
}

internal fun JsonObject.intField(key: String): Int? = when (val v = this[key]) {
    null, JsonNull -> null
    is JsonPrimitive -> if (!v.isString) {
        v.wireLongOrNull?.takeIf { it in 0..Int.MAX_VALUE }?.toInt() ?: wrongType(key, "a non-negative integer", v)
    } else {
        wrongType(key, "an integer", v)
    }
    else -> wrongType(key, "an integer", v)
}

internal fun JsonObject.booleanField(key: String): Boolean? = when (val v = this[key]) {
    null, JsonNull -> null
    is JsonPrimitive -> if (!v.isString) v.booleanOrNull ?: wrongType(key, "a boolean", v) else wrongType(key, "a boolean", v)
    else -> wrongType(key, "a boolean", v)
}

/** A non-empty string field (strict about its type). */
internal fun JsonObject.nonEmptyField(key: String): String? = textField(key)?.takeIf { it.isNotEmpty() }

private fun wrongType(key: String, expected: String, value: JsonElement): Nothing {
    val shown = value.toString().let { if (it.length > 40) it.take(40) + "..." else it }
    throw ProtocolViolation("field '$key' should be $expected, was $shown")
}

/** The event's data as a JSON object, or a [ProtocolViolation] saying why it is not one. */
internal fun requireObject(raw: LlmRawEvent, json: JsonElement?): JsonObject = when {
    json is JsonObject -> json
    json == null -> throw ProtocolViolation("data is not valid JSON")
    else -> throw ProtocolViolation("data should be a JSON object, was ${json::class.simpleName?.removePrefix("Json")?.lowercase()}")
}

/** Each element of [array] as an object, or a [ProtocolViolation] naming [key]; the array itself, not a copy. */
internal fun objectsOf(key: String, array: JsonArray): List<JsonObject> {
    for (i in array.indices) {
        val e = array[i]
        if (e !is JsonObject) throw ProtocolViolation("$key[$i] should be an object, was ${e.toString().take(40)}")
    }
    @Suppress("UNCHECKED_CAST")
    return array as List<JsonObject>
}
