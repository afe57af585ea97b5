package dev.sluice.internal.llm.request

import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.LlmRequestException
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.Role
import dev.sluice.llm.request.Tool
import dev.sluice.llm.request.ToolCall
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/** Fails encoding for an option [provider] cannot express, saying what to do instead. */
internal fun unsupported(provider: Provider, option: String, hint: String = ""): Nothing =
    throw LlmRequestException(
        "${provider.displayName} does not support $option" + if (hint.isEmpty()) "" else "; $hint",
    )

/** Puts [value] under [key] when it is not null. */
internal fun MutableMap<String, JsonElement>.putIfNotNull(key: String, value: Any?) {
    when (value) {
        null -> Unit
        is JsonElement -> put(key, value)
        is String -> put(key, JsonPrimitive(value))
        is Number -> put(key, JsonPrimitive(value))
        is Boolean -> put(key, JsonPrimitive(value))
        else -> error("no JSON for ${value::class}")
    }
}

internal fun stringArray(values: List<String>): JsonArray = JsonArray(values.map(::JsonPrimitive))

/**
 * Writes the request's extra fields last: two objects merge one level deep (extra keys win),
 * anything else is replaced.
 */
internal fun MutableMap<String, JsonElement>.putExtras(request: ChatRequest) {
    for ((name, raw) in request.extraFields) {
        val extra = parseJson(raw, "extra field '$name'")
        val existing = get(name)
        put(name, if (existing is JsonObject && extra is JsonObject) JsonObject(existing + extra) else extra)
    }
}

/** The tool's schema, or an empty object schema where the provider needs one. */
internal fun Tool.schemaOrEmpty(): JsonObject =
    parseJsonObject(parameters ?: Tool.EMPTY_OBJECT_SCHEMA, "parameters of tool '$name'")

internal fun Tool.schemaOrNull(): JsonObject? = parameters?.let { parseJsonObject(it, "parameters of tool '$name'") }

/** Arguments as an object for providers that want one; an empty text means no arguments. */
internal fun ToolCall.argumentsObject(provider: Provider): JsonObject {
    if (arguments.isBlank()) return JsonObject(emptyMap())
    return parseJson(arguments, "${provider.displayName}: arguments of tool call '$id' ($name)") as? JsonObject
        ?: throw LlmRequestException(
            "${provider.displayName}: arguments of tool call '$id' ($name) must be a JSON object",
        )
}

/** Explicit instructions and all system messages, joined by a blank line; null when none. */
internal fun ChatRequest.joinedSystemText(): String? {
    val parts = buildList {
        instructions?.let(::add)
        messages.filter { it.role == Role.SYSTEM }.forEach { add(it.content) }
    }
    return if (parts.isEmpty()) null else parts.joinToString("\n\n")
}

internal fun ChatRequest.requireNoThinking(provider: Provider) {
    if (thinkingBudget != null) {
        unsupported(provider, "a thinking budget", "for OpenAI reasoning effort add an extra field")
    }
}

/** `{type: function, function: {name, description, parameters, strict}}`, also used by Ollama. */
internal fun chatTool(tool: Tool, withStrict: Boolean = true): JsonObject {
    val function = LinkedHashMap<String, JsonElement>()
    function["name"] = JsonPrimitive(tool.name)
    function.putIfNotNull("description", tool.description)
    function.putIfNotNull("parameters", tool.schemaOrNull())
    if (withStrict) function.putIfNotNull("strict", tool.strict)
    return JsonObject(mapOf("type" to JsonPrimitive("function"), "function" to JsonObject(function)))
}

/** Background mode is an OpenAI Responses feature: everyone else refuses it. */
internal fun ChatRequest.requireNoBackground(provider: Provider) {
    if (isBackground) unsupported(provider, "background mode", "only OpenAI Responses runs background responses")
}

/** The response schema's JSON Schema as an object, or `null` when the request has none. */
internal fun ChatRequest.responseSchemaObject(): JsonObject? =
    responseSchema?.let { parseJsonObject(it.schemaJson, "response schema '${it.name}'") }
