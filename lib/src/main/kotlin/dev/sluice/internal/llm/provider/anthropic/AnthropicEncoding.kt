package dev.sluice.internal.llm.provider.anthropic

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
 * Anthropic Messages body. System text goes top-level; tool results become `tool_result` blocks
 * in a user turn (consecutive results, and a user text right after them, share one turn, as
 * Anthropic requires); an assistant turn with thinking or tool calls becomes content blocks
 * (thinking, text, tool_use with the arguments parsed into `input`). A user message with content
 * parts is a list of blocks ([anthropicBlock]: text, image, document, with `cache_control`); a
 * response schema is `output_config: {format: {type: json_schema, schema}}`.
 */
internal fun encodeAnthropic(request: ChatRequest, stream: Boolean): JsonObject {
    val provider = Provider.ANTHROPIC
    if (request.n != null) unsupported(provider, "n (several choices)")
    request.requireNoBackground(provider)
    val budget = request.thinkingBudget
    val defaultMax = ChatRequest.DEFAULT_ANTHROPIC_MAX_TOKENS + (budget ?: 0)

    val body = LinkedHashMap<String, JsonElement>()
    body["model"] = JsonPrimitive(request.model)
    body["max_tokens"] = JsonPrimitive(request.maxTokens ?: defaultMax)
    body.putIfNotNull("system", request.joinedSystemText())
    body["messages"] = JsonArray(anthropicTurns(request.messages.filter { it.role != Role.SYSTEM }))
    if (request.tools.isNotEmpty()) body["tools"] = JsonArray(request.tools.map(::anthropicTool))
    body.putIfNotNull("tool_choice", anthropicToolChoice(request.toolChoice, request.parallelToolCalls))
    body.putIfNotNull("temperature", request.temperature)
    body.putIfNotNull("top_p", request.topP)
    if (request.stop.isNotEmpty()) body["stop_sequences"] = stringArray(request.stop)
    if (budget != null) {
        body["thinking"] = JsonObject(mapOf("type" to JsonPrimitive("enabled"), "budget_tokens" to JsonPrimitive(budget)))
    }
    request.responseSchemaObject()?.let { schema ->
        val format = JsonObject(mapOf("type" to JsonPrimitive("json_schema"), "schema" to schema))
        body["output_config"] = JsonObject(mapOf("format" to format))
    }
    body["stream"] = JsonPrimitive(stream)
    body.putExtras(request)
    return JsonObject(body)
}

private fun anthropicTurns(messages: List<Message>): List<JsonObject> {
    val turns = ArrayList<JsonObject>()
    var pendingResults: MutableList<JsonObject>? = null
    fun flushResults() {
        pendingResults?.let { turns += turn("user", JsonArray(it)) }
        pendingResults = null
    }
    for (message in messages) {
        when (message.role) {
            Role.TOOL -> (pendingResults ?: ArrayList<JsonObject>().also { pendingResults = it }) += toolResultBlock(message)
            Role.USER -> {
                val results = pendingResults
                val parts = message.contentParts()
                if (results != null) {
                    results += parts?.map(::anthropicBlock) ?: listOf(textBlock(message.content!!))
                    flushResults()
                } else if (parts != null) {
                    turns += turn("user", JsonArray(parts.map(::anthropicBlock)))
                } else {
                    turns += turn("user", JsonPrimitive(message.content))
                }
            }
            Role.ASSISTANT -> {
                flushResults()
                turns += assistantTurn(message)
            }
            Role.SYSTEM -> error("system messages are lifted out before")
        }
    }
    flushResults()
    return turns
}

private fun turn(role: String, content: JsonElement): JsonObject =
    JsonObject(mapOf("role" to JsonPrimitive(role), "content" to content))

internal fun textBlock(text: String): JsonObject =
    JsonObject(mapOf("type" to JsonPrimitive("text"), "text" to JsonPrimitive(text)))

private fun toolResultBlock(message: Message): JsonObject = JsonObject(
    mapOf(
        "type" to JsonPrimitive("tool_result"),
        "tool_use_id" to JsonPrimitive(message.toolCallId),
        "content" to JsonPrimitive(message.content),
    ),
)

private fun assistantTurn(message: Message): JsonObject {
    if (message.toolCalls.isEmpty() && message.thinking == null) {
        return turn("assistant", JsonPrimitive(message.content))
    }
    val blocks = ArrayList<JsonObject>()
    message.thinking?.let {
        blocks += JsonObject(
            mapOf(
                "type" to JsonPrimitive("thinking"),
                "thinking" to JsonPrimitive(it),
                "signature" to JsonPrimitive(message.thinkingSignature),
            ),
        )
    }
    message.content?.takeIf { it.isNotEmpty() }?.let { blocks += textBlock(it) }
    message.toolCalls.forEach { call ->
        blocks += JsonObject(
            mapOf(
                "type" to JsonPrimitive("tool_use"),
                "id" to JsonPrimitive(call.id),
                "name" to JsonPrimitive(call.name),
                "input" to call.argumentsObject(Provider.ANTHROPIC),
            ),
        )
    }
    return turn("assistant", JsonArray(blocks))
}

private fun anthropicTool(tool: Tool): JsonObject {
    val fields = LinkedHashMap<String, JsonElement>()
    fields["name"] = JsonPrimitive(tool.name)
    fields.putIfNotNull("description", tool.description)
    fields["input_schema"] = tool.schemaOrEmpty()
    return JsonObject(fields)
}

private fun anthropicToolChoice(choice: ToolChoice?, parallel: Boolean?): JsonObject? {
    if (choice == null && parallel != false) return null
    val fields = LinkedHashMap<String, JsonElement>()
    when (choice?.type ?: ToolChoice.Type.AUTO) {
        ToolChoice.Type.AUTO -> fields["type"] = JsonPrimitive("auto")
        ToolChoice.Type.NONE -> fields["type"] = JsonPrimitive("none")
        ToolChoice.Type.REQUIRED -> fields["type"] = JsonPrimitive("any")
        ToolChoice.Type.FUNCTION -> {
            fields["type"] = JsonPrimitive("tool")
            fields["name"] = JsonPrimitive(choice!!.functionName)
        }
    }
    if (parallel == false && choice?.type != ToolChoice.Type.NONE) {
        fields["disable_parallel_tool_use"] = JsonPrimitive(true)
    }
    return JsonObject(fields)
}
