package dev.sluice.internal.llm.provider.openai

import dev.sluice.internal.llm.request.*

import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Message
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.Role
import dev.sluice.llm.request.Tool
import dev.sluice.llm.request.ToolChoice
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Chat Completions body for OpenAI and for compatible servers. The only difference: OpenAI gets
 * `max_completion_tokens` (its `max_tokens` is deprecated and refused by reasoning models),
 * compatible servers `max_tokens` (the one they all accept). A response schema is
 * `response_format: {type: json_schema, json_schema: {name, schema, strict}}`; user content parts
 * are [chatPart]s.
 */
internal fun encodeOpenAiChat(request: ChatRequest, stream: Boolean, provider: Provider): JsonObject {
    request.requireNoThinking(provider)
    request.requireNoBackground(provider)
    val body = LinkedHashMap<String, JsonElement>()
    body["model"] = JsonPrimitive(request.model)
    body["messages"] = JsonArray(chatMessages(request, provider))
    if (request.tools.isNotEmpty()) body["tools"] = JsonArray(request.tools.map(::chatTool))
    body.putIfNotNull("tool_choice", request.toolChoice?.let(::chatToolChoice))
    body.putIfNotNull("parallel_tool_calls", request.parallelToolCalls)
    val maxTokensField = if (provider == Provider.OPENAI_CHAT) "max_completion_tokens" else "max_tokens"
    body.putIfNotNull(maxTokensField, request.maxTokens)
    body.putIfNotNull("temperature", request.temperature)
    body.putIfNotNull("top_p", request.topP)
    if (request.stop.isNotEmpty()) body["stop"] = stringArray(request.stop)
    body.putIfNotNull("n", request.n)
    request.responseSchemaObject()?.let { schema ->
        val format = LinkedHashMap<String, JsonElement>()
        format["name"] = JsonPrimitive(request.responseSchema!!.name)
        format["schema"] = schema
        format["strict"] = JsonPrimitive(request.responseSchema.isStrict)
        body["response_format"] = JsonObject(mapOf("type" to JsonPrimitive("json_schema"), "json_schema" to JsonObject(format)))
    }
    body["stream"] = JsonPrimitive(stream)
    if (stream && request.isIncludeUsage) {
        body["stream_options"] = JsonObject(mapOf("include_usage" to JsonPrimitive(true)))
    }
    body.putExtras(request)
    return JsonObject(body)
}

private fun chatMessages(request: ChatRequest, provider: Provider): List<JsonObject> = buildList {
    request.instructions?.let { add(textMessage("system", it)) }
    request.messages.forEach { add(chatMessage(it, provider)) }
}

private fun textMessage(role: String, content: String): JsonObject =
    JsonObject(mapOf("role" to JsonPrimitive(role), "content" to JsonPrimitive(content)))

private fun chatMessage(message: Message, provider: Provider): JsonObject = when (message.role) {
    Role.SYSTEM -> textMessage("system", message.content!!)
    Role.USER -> message.contentParts()?.let { parts ->
        JsonObject(mapOf("role" to JsonPrimitive("user"), "content" to JsonArray(parts.map { chatPart(it, provider) })))
    } ?: textMessage("user", message.content!!)
    Role.TOOL -> JsonObject(
        mapOf(
            "role" to JsonPrimitive("tool"),
            "tool_call_id" to JsonPrimitive(message.toolCallId),
            "content" to JsonPrimitive(message.content),
        ),
    )
    Role.ASSISTANT -> {
        val fields = LinkedHashMap<String, JsonElement>()
        fields["role"] = JsonPrimitive("assistant")
        fields["content"] = message.content?.let(::JsonPrimitive) ?: JsonNull
        if (message.toolCalls.isNotEmpty()) {
            fields["tool_calls"] = JsonArray(
                message.toolCalls.map { call ->
                    JsonObject(
                        mapOf(
                            "id" to JsonPrimitive(call.id),
                            "type" to JsonPrimitive("function"),
                            "function" to JsonObject(
                                mapOf("name" to JsonPrimitive(call.name), "arguments" to JsonPrimitive(call.arguments)),
                            ),
                        ),
                    )
                },
            )
        }
        JsonObject(fields)
    }
}

private fun chatToolChoice(choice: ToolChoice): JsonElement = when (choice.type) {
    ToolChoice.Type.AUTO -> JsonPrimitive("auto")
    ToolChoice.Type.NONE -> JsonPrimitive("none")
    ToolChoice.Type.REQUIRED -> JsonPrimitive("required")
    ToolChoice.Type.FUNCTION -> JsonObject(
        mapOf(
            "type" to JsonPrimitive("function"),
            "function" to JsonObject(mapOf("name" to JsonPrimitive(choice.functionName))),
        ),
    )
}
