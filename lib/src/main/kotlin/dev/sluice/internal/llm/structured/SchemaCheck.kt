package dev.sluice.internal.llm.structured

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.contentOrNull

/** Where a value breaks its schema: a JSONPath-like [path] (`$.items[2].price`) and what is wrong. */
internal class SchemaViolation(val path: String, val reason: String)

/**
 * Checks [value] against the JSON Schema subset structured outputs use: `type` (one or a list),
 * `enum`, `const`, `properties`, `required`, `additionalProperties` (false or a schema), `items`,
 * `anyOf` / `oneOf`, and local `$ref`s into `$defs` / `definitions`. Other keywords are ignored
 * (the provider enforced them, or they only guide generation). Returns the first violation, or
 * `null` when [value] fits.
 */
internal fun checkSchema(value: JsonElement, schema: JsonObject): SchemaViolation? = Checker(schema).check(value, schema, "$", 0)

private class Checker(private val root: JsonObject) {
    fun check(value: JsonElement, schema: JsonObject, path: String, depth: Int): SchemaViolation? {
        if (depth > MAX_DEPTH) return null // a schema that refers to itself forever: stop checking, not the process
        (schema["\$ref"] as? JsonPrimitive)?.contentOrNull?.let { ref ->
            val target = resolve(ref) ?: return null
            return check(value, target, path, depth + 1)
        }
        val alternatives = (schema["anyOf"] ?: schema["oneOf"]) as? JsonArray
        if (alternatives != null) {
            val results = alternatives.filterIsInstance<JsonObject>().map { check(value, it, path, depth + 1) }
            if (results.any { it == null }) return null
            return results.filterNotNull().maxByOrNull { it.path.length } ?: SchemaViolation(path, "matches none of the alternatives")
        }
        schema["const"]?.let { if (it != value) return SchemaViolation(path, "expected $it, got ${show(value)}") }
        (schema["enum"] as? JsonArray)?.let { if (value !in it) return SchemaViolation(path, "expected one of $it, got ${show(value)}") }
        val types = when (val t = schema["type"]) {
            is JsonPrimitive -> listOfNotNull(t.contentOrNull)
            is JsonArray -> t.mapNotNull { (it as? JsonPrimitive)?.contentOrNull }
            else -> emptyList()
        }
        if (types.isNotEmpty() && types.none { fits(value, it) }) {
            return SchemaViolation(path, "expected ${types.joinToString(" or ")}, got ${show(value)}")
        }
        if (value is JsonObject) checkObject(value, schema, path, depth)?.let { return it }
        if (value is JsonArray) {
            val items = schema["items"] as? JsonObject
            if (items != null) value.forEachIndexed { i, item -> check(item, items, "$path[$i]", depth + 1)?.let { return it } }
        }
        return null
    }

    private fun checkObject(value: JsonObject, schema: JsonObject, path: String, depth: Int): SchemaViolation? {
        val properties = schema["properties"] as? JsonObject ?: JsonObject(emptyMap())
        (schema["required"] as? JsonArray)?.forEach { name ->
            val key = (name as? JsonPrimitive)?.contentOrNull ?: return@forEach
            if (key !in value) return SchemaViolation(child(path, key), "required property is missing")
        }
        val additional = schema["additionalProperties"]
        for ((key, item) in value) {
            val propertySchema = properties[key] as? JsonObject
            when {
                propertySchema != null -> check(item, propertySchema, child(path, key), depth + 1)?.let { return it }
                additional is JsonPrimitive && additional.booleanOrNull == false ->
                    return SchemaViolation(child(path, key), "property is not in the schema")
                additional is JsonObject -> check(item, additional, child(path, key), depth + 1)?.let { return it }
            }
        }
        return null
    }

    private fun resolve(ref: String): JsonObject? {
        if (ref == "#") return root
        if (!ref.startsWith("#/")) return null
        var node: JsonElement = root
        for (segment in ref.removePrefix("#/").split('/')) {
            node = (node as? JsonObject)?.get(segment.replace("~1", "/").replace("~0", "~")) ?: return null
        }
        return node as? JsonObject
    }
}

private fun fits(value: JsonElement, type: String): Boolean = when (type) {
    "object" -> value is JsonObject
    "array" -> value is JsonArray
    "null" -> value is JsonNull
    "string" -> value is JsonPrimitive && value.isString
    "boolean" -> value is JsonPrimitive && !value.isString && value.booleanOrNull != null
    "integer" -> value is JsonPrimitive && !value.isString && value !is JsonNull && INTEGER.matches(value.content)
    "number" -> value is JsonPrimitive && !value.isString && value !is JsonNull && value.booleanOrNull == null
    else -> true
}

private val INTEGER = Regex("-?\\d+(\\.0+)?([eE]\\+?\\d+)?")

private val IDENTIFIER = Regex("[A-Za-z_][A-Za-z0-9_]*")

private fun child(path: String, key: String): String = if (IDENTIFIER.matches(key)) "$path.$key" else "$path[\"${key.replace("\"", "\\\"")}\"]"

private fun show(value: JsonElement): String = when {
    value is JsonObject -> "an object"
    value is JsonArray -> "an array"
    value is JsonNull -> "null"
    value is JsonPrimitive && value.isString -> "a string"
    value is JsonPrimitive && value.booleanOrNull != null -> "a boolean ($value)"
    else -> "a number ($value)"
}

private const val MAX_DEPTH = 64
