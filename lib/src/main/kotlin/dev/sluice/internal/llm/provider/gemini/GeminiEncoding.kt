package dev.sluice.internal.llm.provider.gemini

import dev.sluice.internal.llm.parseWireJson
import dev.sluice.internal.llm.request.argumentsObject
import dev.sluice.internal.llm.request.joinedSystemText
import dev.sluice.internal.llm.request.putExtras
import dev.sluice.internal.llm.request.putIfNotNull
import dev.sluice.internal.llm.request.requireNoBackground
import dev.sluice.internal.llm.request.responseSchemaObject
import dev.sluice.internal.llm.request.schemaOrNull
import dev.sluice.internal.llm.request.stringArray
import dev.sluice.internal.llm.request.unsupported
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.LlmRequestException
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
 * Gemini `GenerateContentRequest` body (no model, no stream flag: both are in the URL).
 *
 * - Instructions and system messages, joined by a blank line: `systemInstruction.parts[0].text`.
 * - Turns: `contents[]` of `{role: user|model, parts}`. An assistant turn is its text part then a
 *   `functionCall` part per tool call (`args` the arguments object); its thinking signature goes
 *   back as `thoughtSignature` on the first function call part (the first part when it called
 *   none), as Gemini requires for multi-turn function calling. Thinking text is not sent (Gemini
 *   takes reasoning back only through the signature). Call ids are not sent: Gemini matches
 *   responses to calls by name and order.
 * - Tool results: `functionResponse` parts in a `user` turn (consecutive results share it), the
 *   name taken from the assistant call with the result's id, `response` the result when it is a
 *   JSON object, else `{"result": <the JSON value, or the text>}`.
 * - Tools: one `functionDeclarations` tool; tool choice: `toolConfig.functionCallingConfig.mode`
 *   `AUTO` / `ANY` / `NONE`, a named function being `ANY` with `allowedFunctionNames`.
 * - `generationConfig`: `stopSequences`, `candidateCount` (n), `maxOutputTokens`, `temperature`,
 *   `topP`, and for a thinking budget `thinkingConfig {thinkingBudget, includeThoughts: true}`.
 * - A response schema: `generationConfig.responseMimeType: application/json` and
 *   `generationConfig.responseJsonSchema` (JSON Schema; `responseSchema` takes only an OpenAPI subset).
 * - User content parts: see [geminiPart] (`inlineData`, `fileData`).
 * - `parallelToolCalls = false` cannot be expressed and fails; a tool's `strict` is ignored;
 *   background mode is refused.
 */
internal fun encodeGemini(request: ChatRequest): JsonObject {
    val provider = Provider.GEMINI
    if (request.parallelToolCalls == false) {
        unsupported(provider, "parallelToolCalls = false", "Gemini may always call several functions in one turn")
    }
    request.requireNoBackground(provider)
    val body = LinkedHashMap<String, JsonElement>()
    body["contents"] = JsonArray(geminiContents(request.messages))
    request.joinedSystemText()?.let { body["systemInstruction"] = obj("parts" to JsonArray(listOf(textPart(it)))) }
    if (request.tools.isNotEmpty()) {
        body["tools"] = JsonArray(listOf(obj("functionDeclarations" to JsonArray(request.tools.map(::declaration)))))
    }
    request.toolChoice?.let { body["toolConfig"] = obj("functionCallingConfig" to callingConfig(it)) }
    val config = LinkedHashMap<String, JsonElement>()
    if (request.stop.isNotEmpty()) config["stopSequences"] = stringArray(request.stop)
    config.putIfNotNull("candidateCount", request.n)
    config.putIfNotNull("maxOutputTokens", request.maxTokens)
    config.putIfNotNull("temperature", request.temperature)
    config.putIfNotNull("topP", request.topP)
    request.thinkingBudget?.let {
        config["thinkingConfig"] = obj("thinkingBudget" to JsonPrimitive(it), "includeThoughts" to JsonPrimitive(true))
    }
    request.responseSchemaObject()?.let { schema ->
        config["responseMimeType"] = JsonPrimitive("application/json")
        config["responseJsonSchema"] = schema
    }
    if (config.isNotEmpty()) body["generationConfig"] = JsonObject(config)
    body.putExtras(request)
    return JsonObject(body)
}

private fun geminiContents(messages: List<Message>): List<JsonObject> {
    val callNames = messages.flatMap { it.toolCalls }.associate { it.id to it.name }
    val turns = ArrayList<JsonObject>()
    var results: MutableList<JsonObject>? = null
    fun flushResults() {
        results?.let { turns += turn("user", it) }
        results = null
    }
    for (message in messages) {
        when (message.role) {
            Role.SYSTEM -> Unit // lifted into systemInstruction
            Role.TOOL -> (results ?: ArrayList<JsonObject>().also { results = it }) += functionResponse(message, callNames)
            Role.USER -> {
                flushResults()
                turns += turn("user", message.contentParts()?.map(::geminiPart) ?: listOf(textPart(message.content!!)))
            }
            Role.ASSISTANT -> {
                flushResults()
                turns += turn("model", modelParts(message))
            }
        }
    }
    flushResults()
    return turns
}

private fun modelParts(message: Message): List<JsonObject> {
    val parts = ArrayList<MutableMap<String, JsonElement>>()
    message.content?.takeIf { it.isNotEmpty() || message.toolCalls.isEmpty() }?.let { parts += linkedMapOf("text" to JsonPrimitive(it)) }
    for (call in message.toolCalls) {
        val function = obj("name" to JsonPrimitive(call.name), "args" to call.argumentsObject(Provider.GEMINI))
        parts += linkedMapOf("functionCall" to function)
    }
    if (parts.isEmpty()) parts += linkedMapOf("text" to JsonPrimitive("")) // thinking alone
    message.thinkingSignature?.let { signature ->
        val target = parts.firstOrNull { it.containsKey("functionCall") } ?: parts.first()
        target["thoughtSignature"] = JsonPrimitive(signature)
    }
    return parts.map(::JsonObject)
}

private fun functionResponse(message: Message, callNames: Map<String, String>): JsonObject {
    val name = callNames[message.toolCallId] ?: throw LlmRequestException(
        "${Provider.GEMINI.displayName} needs the function name of each tool result: no assistant tool call " +
            "has the id '${message.toolCallId}' this result answers",
    )
    val content = message.content ?: ""
    val parsed = parseWireJson(content).json
    val response = parsed as? JsonObject ?: obj("result" to (parsed ?: JsonPrimitive(content)))
    return obj("functionResponse" to obj("name" to JsonPrimitive(name), "response" to response))
}

private fun declaration(tool: Tool): JsonObject {
    val fields = LinkedHashMap<String, JsonElement>()
    fields["name"] = JsonPrimitive(tool.name)
    fields.putIfNotNull("description", tool.description)
    fields.putIfNotNull("parameters", tool.schemaOrNull())
    return JsonObject(fields)
}

private fun callingConfig(choice: ToolChoice): JsonObject = when (choice.type) {
    ToolChoice.Type.AUTO -> obj("mode" to JsonPrimitive("AUTO"))
    ToolChoice.Type.NONE -> obj("mode" to JsonPrimitive("NONE"))
    ToolChoice.Type.REQUIRED -> obj("mode" to JsonPrimitive("ANY"))
    ToolChoice.Type.FUNCTION -> obj(
        "mode" to JsonPrimitive("ANY"),
        "allowedFunctionNames" to JsonArray(listOf(JsonPrimitive(choice.functionName))),
    )
}

private fun turn(role: String, parts: List<JsonObject>): JsonObject =
    obj("role" to JsonPrimitive(role), "parts" to JsonArray(parts))

private fun textPart(text: String): JsonObject = obj("text" to JsonPrimitive(text))

private fun obj(vararg fields: Pair<String, JsonElement>): JsonObject = JsonObject(linkedMapOf(*fields))
