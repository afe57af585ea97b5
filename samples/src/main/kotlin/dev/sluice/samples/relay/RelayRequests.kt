package dev.sluice.samples.relay

import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Message
import dev.sluice.llm.request.Tool
import dev.sluice.llm.request.ToolCall
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.contentOrNull
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.intOrNull
import kotlinx.serialization.json.jsonObject

/** A request body the relay cannot turn into a [ChatRequest]: answered with 400 and [message]. */
internal class BadRelayRequest(message: String) : RuntimeException(message)

/** What a client asked for: the request to send upstream, and whether it wants a stream. */
internal class RelayCall(val request: ChatRequest, val stream: Boolean)

/**
 * Reads the bodies of the two APIs the relay speaks into Sluice's provider-neutral [ChatRequest]:
 * messages with text (string or text parts), tool calls and tool results, tools, and the common
 * sampling fields. Other fields are ignored: the relay forwards what every provider understands.
 */
internal object RelayRequests {
    fun openAi(body: String): RelayCall = checked { openAiCall(body) }

    fun anthropic(body: String): RelayCall = checked { anthropicCall(body) }

    private fun openAiCall(body: String): RelayCall {
        val json = parse(body)
        val builder = common(json, maxTokensField = listOf("max_completion_tokens", "max_tokens"))
        val messages = json["messages"] as? JsonArray ?: throw BadRelayRequest("'messages' must be an array")
        for (element in messages) {
            val m = element as? JsonObject ?: throw BadRelayRequest("every message must be an object")
            val text = textOf(m["content"])
            when (val role = m.string("role")) {
                "system", "developer" -> builder.system(text ?: "")
                "user" -> builder.user(text ?: "")
                "assistant" -> {
                    val calls = (m["tool_calls"] as? JsonArray).orEmpty().map { call ->
                        val o = call.jsonObject
                        val function = o["function"] as? JsonObject ?: throw BadRelayRequest("a tool call needs 'function'")
                        ToolCall.of(o.string("id") ?: "", function.string("name") ?: "", function.string("arguments") ?: "{}")
                    }
                    builder.message(Message.assistant(text, calls))
                }
                "tool" -> builder.toolResult(m.string("tool_call_id") ?: throw BadRelayRequest("a tool message needs 'tool_call_id'"), text ?: "")
                else -> throw BadRelayRequest("unsupported message role '$role'")
            }
        }
        (json["tools"] as? JsonArray).orEmpty().forEach { t ->
            val function = t.jsonObject["function"] as? JsonObject ?: throw BadRelayRequest("a tool needs 'function'")
            builder.tool(tool(function, "parameters"))
        }
        (json["stop"] as? JsonArray)?.let { stops -> builder.stop(stops.mapNotNull { (it as? JsonPrimitive)?.contentOrNull }) }
        (json["stop"] as? JsonPrimitive)?.contentOrNull?.let { builder.stop(it) }
        return RelayCall(builder.build(), json.bool("stream"))
    }

    private fun anthropicCall(body: String): RelayCall {
        val json = parse(body)
        val builder = common(json, maxTokensField = listOf("max_tokens"))
        textOf(json["system"])?.let { builder.system(it) }
        val messages = json["messages"] as? JsonArray ?: throw BadRelayRequest("'messages' must be an array")
        for (element in messages) {
            val m = element as? JsonObject ?: throw BadRelayRequest("every message must be an object")
            val role = m.string("role")
            val content = m["content"]
            val blocks = (content as? JsonArray)?.map { it.jsonObject }.orEmpty()
            when (role) {
                "user" -> {
                    blocks.filter { it.string("type") == "tool_result" }.forEach { r ->
                        builder.toolResult(r.string("tool_use_id") ?: "", textOf(r["content"]) ?: "")
                    }
                    val text = if (content is JsonPrimitive) content.contentOrNull else textOf(JsonArray(blocks.filter { it.string("type") == "text" }))
                    if (text != null) builder.user(text)
                }
                "assistant" -> {
                    val calls = blocks.filter { it.string("type") == "tool_use" }.map { b ->
                        ToolCall.of(b.string("id") ?: "", b.string("name") ?: "", (b["input"] ?: JsonObject(emptyMap())).toString())
                    }
                    builder.message(Message.assistant(textOf(content), calls))
                }
                else -> throw BadRelayRequest("unsupported message role '$role'")
            }
        }
        (json["tools"] as? JsonArray).orEmpty().forEach { builder.tool(tool(it.jsonObject, "input_schema")) }
        (json["stop_sequences"] as? JsonArray)?.let { stops -> builder.stop(stops.mapNotNull { (it as? JsonPrimitive)?.contentOrNull }) }
        return RelayCall(builder.build(), json.bool("stream"))
    }

    private fun parse(body: String): JsonObject = try {
        Json.parseToJsonElement(body) as? JsonObject ?: throw BadRelayRequest("the body must be a JSON object")
    } catch (e: SerializationException) {
        throw BadRelayRequest("the body is not JSON: ${e.message?.lineSequence()?.firstOrNull()}")
    }

    private fun common(json: JsonObject, maxTokensField: List<String>): ChatRequest.Builder {
        val model = json.string("model")?.takeIf { it.isNotBlank() } ?: throw BadRelayRequest("'model' is required")
        val builder = ChatRequest.builder().model(model)
        maxTokensField.firstNotNullOfOrNull { (json[it] as? JsonPrimitive)?.intOrNull }?.let { builder.maxTokens(it) }
        (json["temperature"] as? JsonPrimitive)?.doubleOrNull?.let { builder.temperature(it) }
        (json["top_p"] as? JsonPrimitive)?.doubleOrNull?.let { builder.topP(it) }
        return builder
    }

    private fun tool(o: JsonObject, schemaField: String): Tool {
        val name = o.string("name") ?: throw BadRelayRequest("a tool needs 'name'")
        return Tool.function(name, o.string("description"), (o[schemaField] ?: JsonObject(emptyMap())).toString())
    }

    /** Every invalid value the request model refuses (a blank name, a negative number...) is a 400. */
    private inline fun checked(parse: () -> RelayCall): RelayCall = try {
        parse()
    } catch (e: IllegalArgumentException) {
        throw BadRelayRequest(e.message ?: "invalid request")
    }

    /** A string, or the joined `text` of an array of parts; `null` for null or no text at all. */
    private fun textOf(content: JsonElement?): String? = when (content) {
        is JsonPrimitive -> content.contentOrNull
        is JsonArray -> content.mapNotNull { (it as? JsonObject)?.string("text") }.takeIf { it.isNotEmpty() }?.joinToString("")
        else -> null
    }

    private fun JsonObject.string(name: String): String? = (this[name] as? JsonPrimitive)?.takeIf { it.isString }?.contentOrNull

    private fun JsonObject.bool(name: String): Boolean = (this[name] as? JsonPrimitive)?.booleanOrNull == true
}
