package dev.sluice.internal.llm.provider.ollama

import dev.sluice.internal.llm.request.*

import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Message
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.Role
import dev.sluice.llm.request.ToolChoice
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Ollama `/api/chat` body. Sampling goes in `options` (`num_predict` for max tokens); tool-call
 * arguments are objects; a tool result carries `tool_name`, found from the assistant call it
 * answers (Ollama matches results by name, not id). A response schema is `format`; image parts
 * go in the message's `images` ([ollamaUser]).
 */
internal fun encodeOllama(request: ChatRequest, stream: Boolean): JsonObject {
    val provider = Provider.OLLAMA
    if (request.thinkingBudget != null) {
        unsupported(provider, "a thinking budget", "add the extra field think=true instead")
    }
    if (request.n != null) unsupported(provider, "n (several choices)")
    request.requireNoBackground(provider)
    if (request.parallelToolCalls != null) unsupported(provider, "parallelToolCalls")
    val choice = request.toolChoice
    if (choice != null && choice.type != ToolChoice.Type.AUTO) unsupported(provider, "tool choice ${choice.type}")

    val callNames = request.messages.flatMap { it.toolCalls }.associate { it.id to it.name }
    val body = LinkedHashMap<String, JsonElement>()
    body["model"] = JsonPrimitive(request.model)
    body["messages"] = JsonArray(
        buildList {
            request.instructions?.let { add(plain("system", it)) }
            request.messages.forEach { add(ollamaMessage(it, callNames)) }
        },
    )
    if (request.tools.isNotEmpty()) body["tools"] = JsonArray(request.tools.map { chatTool(it, withStrict = false) })
    request.responseSchemaObject()?.let { body["format"] = it }
    body["stream"] = JsonPrimitive(stream)
    val options = LinkedHashMap<String, JsonElement>()
    options.putIfNotNull("temperature", request.temperature)
    options.putIfNotNull("top_p", request.topP)
    options.putIfNotNull("num_predict", request.maxTokens)
    if (request.stop.isNotEmpty()) options["stop"] = stringArray(request.stop)
    if (options.isNotEmpty()) body["options"] = JsonObject(options)
    body.putExtras(request)
    return JsonObject(body)
}

private fun plain(role: String, content: String): JsonObject =
    JsonObject(mapOf("role" to JsonPrimitive(role), "content" to JsonPrimitive(content)))

private fun ollamaMessage(message: Message, callNames: Map<String, String>): JsonObject = when (message.role) {
    Role.SYSTEM -> plain("system", message.content!!)
    Role.USER -> message.contentParts()?.let(::ollamaUser) ?: plain("user", message.content!!)
    Role.TOOL -> {
        val fields = LinkedHashMap<String, JsonElement>()
        fields["role"] = JsonPrimitive("tool")
        fields["content"] = JsonPrimitive(message.content)
        fields.putIfNotNull("tool_name", callNames[message.toolCallId])
        JsonObject(fields)
    }
    Role.ASSISTANT -> {
        val fields = LinkedHashMap<String, JsonElement>()
        fields["role"] = JsonPrimitive("assistant")
        fields["content"] = JsonPrimitive(message.content ?: "")
        if (message.toolCalls.isNotEmpty()) {
            fields["tool_calls"] = JsonArray(
                message.toolCalls.map { call ->
                    JsonObject(
                        mapOf(
                            "function" to JsonObject(
                                mapOf(
                                    "name" to JsonPrimitive(call.name),
                                    "arguments" to call.argumentsObject(Provider.OLLAMA),
                                ),
                            ),
                        ),
                    )
                },
            )
        }
        JsonObject(fields)
    }
}
