package dev.sluice.internal.testkit

import dev.sluice.testkit.Script
import dev.sluice.testkit.ScriptBuilder
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.contentOrNull

/**
 * The default reply to a request that asks for structured output (a JSON Schema in Chat
 * `response_format`, Responses `text.format`, Anthropic `output_config.format`, Gemini
 * `generationConfig.responseJsonSchema` / `responseSchema`, Ollama `format`): a small object that
 * fits the schema, streamed in 8-character tokens, so the offline CLI and tests get valid JSON
 * without a script. `null` when the request has no schema.
 */
internal fun schemaReplyFor(body: JsonObject): Script? {
    val schema = schemaIn(body) ?: return null
    val text = example(schema, schema, 0).toString()
    return ScriptBuilder().tokens(text.chunked(8)).build()
}

private fun schemaIn(body: JsonObject): JsonObject? {
    fun JsonElement?.obj(key: String): JsonElement? = (this as? JsonObject)?.get(key)
    return (body["response_format"].obj("json_schema").obj("schema")
        ?: body["text"].obj("format").obj("schema")
        ?: body["output_config"].obj("format").obj("schema")
        ?: body["generationConfig"].obj("responseJsonSchema")
        ?: body["generationConfig"].obj("responseSchema")
        ?: body["format"]) as? JsonObject
}

private fun example(schema: JsonObject, root: JsonObject, depth: Int): JsonElement {
    if (depth > 8) return JsonNull
    (schema["\$ref"] as? JsonPrimitive)?.contentOrNull?.let { ref ->
        var node: JsonElement? = root
        for (segment in ref.removePrefix("#").trim('/').split('/').filter { it.isNotEmpty() }) node = (node as? JsonObject)?.get(segment)
        return (node as? JsonObject)?.let { example(it, root, depth + 1) } ?: JsonNull
    }
    ((schema["anyOf"] ?: schema["oneOf"]) as? JsonArray)?.firstOrNull()?.let { return example(it as JsonObject, root, depth + 1) }
    schema["const"]?.let { return it }
    (schema["enum"] as? JsonArray)?.firstOrNull()?.let { return it }
    val type = when (val t = schema["type"]) {
        is JsonArray -> (t.firstOrNull { (it as? JsonPrimitive)?.contentOrNull != "null" } as? JsonPrimitive)?.contentOrNull
        is JsonPrimitive -> t.contentOrNull
        else -> if (schema["properties"] != null) "object" else null
    }
    return when (type?.lowercase()) {
        "object" -> {
            val properties = schema["properties"] as? JsonObject ?: JsonObject(emptyMap())
            JsonObject(properties.mapValues { (_, s) -> (s as? JsonObject)?.let { example(it, root, depth + 1) } ?: JsonNull })
        }
        "array" -> JsonArray(listOfNotNull((schema["items"] as? JsonObject)?.let { example(it, root, depth + 1) }))
        "string" -> JsonPrimitive("fake")
        "integer" -> JsonPrimitive(1)
        "number" -> JsonPrimitive(1.5)
        "boolean" -> JsonPrimitive(true)
        else -> JsonNull
    }
}
