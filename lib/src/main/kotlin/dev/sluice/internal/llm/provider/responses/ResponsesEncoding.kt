package dev.sluice.internal.llm.provider.responses

import dev.sluice.internal.llm.request.*

import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Message
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.Role
import dev.sluice.llm.request.Tool
import dev.sluice.llm.request.ToolChoice
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * OpenAI Responses body. `instructions` is the explicit instructions, or else the system
 * messages lifted out of the conversation (joined by a blank line); with explicit instructions,
 * system messages stay in `input` with role `system`. `input` is a plain string when the rest of
 * the conversation is one user text, else a list of items: `{role, content}` messages,
 * `function_call` items for an assistant's tool calls, `function_call_output` for tool results.
 * A user message with content parts is `{role: user, content: [input_text, input_image,
 * input_file...]}` ([responsesPart]). A response schema is `text: {format: {type: json_schema,
 * name, schema, strict}}`; background mode `background: true`.
 */
internal fun encodeResponses(request: ChatRequest, stream: Boolean): JsonObject {
    val provider = Provider.OPENAI_RESPONSES
    request.requireNoThinking(provider)
    if (request.stop.isNotEmpty()) unsupported(provider, "stop sequences")
    if (request.n != null) unsupported(provider, "n (several choices)")

    val liftSystem = request.instructions == null
    val instructions = if (liftSystem) request.joinedSystemText() else request.instructions
    val conversation = if (liftSystem) request.messages.filter { it.role != Role.SYSTEM } else request.messages

    val body = LinkedHashMap<String, JsonElement>()
    body["model"] = JsonPrimitive(request.model)
    body.putIfNotNull("instructions", instructions)
    val single = conversation.singleOrNull()
    if (single != null && single.role == Role.USER && single.parts.isEmpty()) {
        body["input"] = JsonPrimitive(single.content)
    } else if (conversation.isNotEmpty()) {
        body["input"] = JsonArray(conversation.flatMap(::inputItems))
    }
    if (request.tools.isNotEmpty()) body["tools"] = JsonArray(request.tools.map(::responsesTool))
    body.putIfNotNull("tool_choice", request.toolChoice?.let(::responsesToolChoice))
    body.putIfNotNull("parallel_tool_calls", request.parallelToolCalls)
    body.putIfNotNull("max_output_tokens", request.maxTokens)
    body.putIfNotNull("temperature", request.temperature)
    body.putIfNotNull("top_p", request.topP)
    request.responseSchemaObject()?.let { schema ->
        val format = LinkedHashMap<String, JsonElement>()
        format["type"] = JsonPrimitive("json_schema")
        format["name"] = JsonPrimitive(request.responseSchema!!.name)
        format["schema"] = schema
        format["strict"] = JsonPrimitive(request.responseSchema.isStrict)
        body["text"] = JsonObject(mapOf("format" to JsonObject(format)))
    }
    if (request.isBackground) body["background"] = JsonPrimitive(true)
    body["stream"] = JsonPrimitive(stream)
    body.putExtras(request)
    return JsonObject(body)
}

private fun roleMessage(role: String, content: String): JsonObject =
    JsonObject(mapOf("role" to JsonPrimitive(role), "content" to JsonPrimitive(content)))

private fun inputItems(message: Message): List<JsonObject> = when (message.role) {
    Role.SYSTEM -> listOf(roleMessage("system", message.content!!))
    Role.USER -> listOf(
        message.contentParts()?.let { parts ->
            JsonObject(mapOf("role" to JsonPrimitive("user"), "content" to JsonArray(parts.map(::responsesPart))))
        } ?: roleMessage("user", message.content!!),
    )
    Role.TOOL -> listOf(
        JsonObject(
            mapOf(
                "type" to JsonPrimitive("function_call_output"),
                "call_id" to JsonPrimitive(message.toolCallId),
                "output" to JsonPrimitive(message.content),
            ),
        ),
    )
    Role.ASSISTANT -> buildList {
        message.content?.let { add(roleMessage("assistant", it)) }
        message.toolCalls.forEach { call ->
            add(
                JsonObject(
                    mapOf(
                        "type" to JsonPrimitive("function_call"),
                        "call_id" to JsonPrimitive(call.id),
                        "name" to JsonPrimitive(call.name),
                        "arguments" to JsonPrimitive(call.arguments),
                    ),
                ),
            )
        }
    }
}

/** Flat `{type: function, name, description, parameters, strict}`; both required there. */
private fun responsesTool(tool: Tool): JsonObject {
    val fields = LinkedHashMap<String, JsonElement>()
    fields["type"] = JsonPrimitive("function")
    fields["name"] = JsonPrimitive(tool.name)
    fields.putIfNotNull("description", tool.description)
    fields["parameters"] = tool.schemaOrEmpty()
    fields["strict"] = JsonPrimitive(tool.strict ?: false)
    return JsonObject(fields)
}

private fun responsesToolChoice(choice: ToolChoice): JsonElement = when (choice.type) {
    ToolChoice.Type.AUTO -> JsonPrimitive("auto")
    ToolChoice.Type.NONE -> JsonPrimitive("none")
    ToolChoice.Type.REQUIRED -> JsonPrimitive("required")
    ToolChoice.Type.FUNCTION -> JsonObject(
        mapOf("type" to JsonPrimitive("function"), "name" to JsonPrimitive(choice.functionName)),
    )
}
