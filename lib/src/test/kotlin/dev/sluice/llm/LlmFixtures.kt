package dev.sluice.llm

import dev.sluice.llm.request.Provider
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseDecoder
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertNotNull

/** Recorded streams and their expected results, read from test resources. */
internal object LlmFixtures {
    private val loader = LlmFixtures::class.java.classLoader

    fun text(path: String): String =
        assertNotNull(loader.getResource(path), "missing test resource $path").readText(Charsets.UTF_8)

    fun json(path: String): JsonObject = Json.parseToJsonElement(text(path)).jsonObject

    /** The stream files in a resource folder (`.sse` and `.ndjson`), by name. */
    fun streams(folder: String): List<String> {
        val dir = File(assertNotNull(loader.getResource(folder), "missing test resource folder $folder").toURI())
        return dir.listFiles().orEmpty().map { it.name }.filter { it.endsWith(".sse") || it.endsWith(".ndjson") }.sorted()
    }

    fun providerOf(name: String): Provider = when {
        name.startsWith("openai-chat") -> Provider.OPENAI_CHAT
        name.startsWith("openai-responses") -> Provider.OPENAI_RESPONSES
        name.startsWith("anthropic") -> Provider.ANTHROPIC
        name.startsWith("ollama") -> Provider.OLLAMA
        else -> error("no provider for fixture $name")
    }

    fun expectedPath(streamPath: String): String = streamPath.substringBeforeLast('.') + ".expected.json"
}

/** What decoding one recorded stream gave: every event, the final snapshot, the error if any. */
internal class Decoded(val events: List<LlmEvent>, val result: LlmResult, val error: LlmStreamException?, val decoder: LlmStreamDecoder)

/** Decodes a recorded body through the push decoder alone, one wire event at a time. */
internal fun decodeBody(provider: Provider, body: String): Decoded {
    val decoder = LlmStreamDecoder(provider)
    val events = ArrayList<LlmEvent>()
    var error: LlmStreamException? = null
    try {
        if (provider.isNdjson) {
            body.lines().forEach { events += decoder.feedLine(it) }
        } else {
            sseEvents(body).forEach { events += decoder.feed(it) }
        }
        events += decoder.end()
    } catch (e: LlmStreamException) {
        error = e
    }
    return Decoded(events, error?.partial ?: decoder.snapshot(), error, decoder)
}

/** The SSE events of a recorded body, through the library's push decoder. */
internal fun sseEvents(body: String): List<ServerSentEvent> {
    val out = ArrayList<ServerSentEvent>()
    val decoder = SseDecoder({ out += it })
    decoder.feed(body.toByteArray(Charsets.UTF_8))
    decoder.end(true)
    return out
}

/**
 * Reduces a provider-shaped result to the shape of the conformance `.expected.json` files (see the
 * README next to them): Chat choices flattened from `message`, Responses message items reduced to
 * their joined text and refusal, function calls to their identifying fields.
 */
internal fun reduceToExpectedShape(provider: Provider, json: JsonObject): JsonObject = when (provider) {
    Provider.OPENAI_CHAT, Provider.OPENAI_COMPATIBLE -> buildJsonObject {
        put("id", json.getValue("id")); put("model", json.getValue("model"))
        put("choices", JsonArray(json.getValue("choices").jsonArray.map { c ->
            val choice = c.jsonObject
            val message = choice.getValue("message").jsonObject
            buildJsonObject {
                put("index", choice.getValue("index"))
                message.forEach { (k, v) -> put(k, v) }
                put("finish_reason", choice.getValue("finish_reason"))
            }
        }))
        put("usage", json.getValue("usage"))
    }
    Provider.OPENAI_RESPONSES -> JsonObject(json.mapValues { (k, v) -> if (k == "output") reduceOutput(v.jsonArray) else v })
    Provider.ANTHROPIC, Provider.OLLAMA, Provider.GEMINI -> json
}

private fun reduceOutput(output: JsonArray): JsonArray = JsonArray(output.map { element ->
    val item = element.jsonObject
    when (item["type"]?.jsonPrimitive?.content) {
        "message" -> {
            val parts = item["content"]?.jsonArray.orEmpty().map { it.jsonObject }
            val refusals = parts.filter { it["type"]?.jsonPrimitive?.content == "refusal" }
            buildJsonObject {
                put("type", JsonPrimitive("message"))
                put("id", item["id"] ?: JsonNull); put("role", item["role"] ?: JsonNull); put("status", item["status"] ?: JsonNull)
                put("text", JsonPrimitive(parts.filter { it["type"]?.jsonPrimitive?.content == "output_text" }
                    .joinToString("") { it["text"]?.jsonPrimitive?.content.orEmpty() }))
                put("refusal", if (refusals.isEmpty()) JsonNull else JsonPrimitive(refusals.joinToString("") { it["refusal"]?.jsonPrimitive?.content.orEmpty() }))
            }
        }
        "function_call" -> buildJsonObject {
            listOf("type", "id", "call_id", "name", "arguments", "status").forEach { put(it, item[it] ?: JsonNull) }
        }
        else -> item
    }
})

/** Compares the fields [expected] has (but `source`, `transcript_exact_bytes`, `quirk`) with [actual]. */
internal fun assertMatchesExpected(expected: JsonObject, actual: JsonObject, what: String) {
    val ignored = setOf("source", "transcript_exact_bytes", "quirk")
    for ((key, value) in expected) {
        if (key in ignored) continue
        assertEquals(value, actual[key], "$what: field '$key'\nactual: $actual")
    }
}
