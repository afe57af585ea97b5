package dev.sluice.llm.gemini

import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmResult
import dev.sluice.llm.LlmStreamDecoder
import dev.sluice.llm.LlmStreamException
import dev.sluice.llm.decodeLlm
import dev.sluice.llm.request.Provider
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseDecoder
import dev.sluice.sse.decodeSse
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlin.test.assertEquals
import kotlin.test.assertNotNull

/** A Gemini fixture body and its expected file, from test resources. */
internal object GeminiFixtures {
    fun body(name: String): String = resource("fixtures/llm/$name.sse")

    fun expected(name: String): JsonObject = Json.parseToJsonElement(resource("fixtures/llm/$name.expected.json")).jsonObject

    private fun resource(path: String): String =
        assertNotNull(GeminiFixtures::class.java.classLoader.getResource(path), "missing test resource $path").readText(Charsets.UTF_8)
}

/** What decoding a body gave: the events, the result (partial on failure), the failure if any. */
internal class GeminiDecoded(val events: List<LlmEvent>, val result: LlmResult, val error: RuntimeException?)

/** Decodes [body] whole: the library's push SSE decoder, then one [LlmStreamDecoder.feed] per event. */
internal fun decodeWhole(body: String, lenient: Boolean = false): GeminiDecoded {
    val sse = ArrayList<ServerSentEvent>()
    SseDecoder({ sse += it }).apply {
        feed(body.toByteArray(Charsets.UTF_8))
        end()
    }
    val decoder = LlmStreamDecoder(Provider.GEMINI, lenient)
    val events = ArrayList<LlmEvent>()
    val error = runCatching {
        sse.forEach { events += decoder.feed(it) }
        events += decoder.end()
    }.exceptionOrNull()
    return GeminiDecoded(events, partialOf(error) ?: decoder.snapshot(), error as RuntimeException?)
}

/** Decodes [body] as a byte flow cut in [pieceSize]-byte pieces, through `decodeSse()` and `decodeLlm`. */
internal fun decodeInPieces(body: String, pieceSize: Int): GeminiDecoded = runBlocking {
    val bytes = body.toByteArray(Charsets.UTF_8)
    val pieces = (bytes.indices step pieceSize).map { bytes.copyOfRange(it, minOf(it + pieceSize, bytes.size)) }
    val decoder = LlmStreamDecoder(Provider.GEMINI)
    val events = ArrayList<LlmEvent>()
    val error = runCatching { pieces.asFlow().decodeSse().decodeLlm(decoder).collect { events += it } }.exceptionOrNull()
    GeminiDecoded(events, partialOf(error) ?: decoder.snapshot(), error as RuntimeException?)
}

private fun partialOf(error: Throwable?): LlmResult? = when (error) {
    null -> null
    is LlmStreamException -> error.partial
    is dev.sluice.llm.LlmInterruptedException -> error.partial
    else -> throw error
}

/**
 * Reduces a rendered Gemini response to the shape of the `.expected.json` files: per candidate its
 * text (non-thought parts joined), thought (thought parts joined), function calls (name and args)
 * and finish reason (`null` when none).
 */
internal fun reduceGemini(result: LlmResult): JsonObject {
    val json = Json.parseToJsonElement(result.toProviderJson()).jsonObject
    return buildJsonObject {
        put("candidates", JsonArray(json.getValue("candidates").jsonArray.map { reduceCandidate(it.jsonObject) }))
        json["usageMetadata"]?.let { put("usageMetadata", it) }
        json["modelVersion"]?.let { put("modelVersion", it) }
        json["responseId"]?.let { put("responseId", it) }
    }
}

private fun reduceCandidate(c: JsonObject): JsonObject {
    val parts = c["content"]?.jsonObject?.get("parts")?.jsonArray.orEmpty().map { it.jsonObject }
    fun isThought(p: JsonObject) = p["thought"]?.jsonPrimitive?.boolean == true
    fun texts(thought: Boolean) = parts.filter { it.containsKey("text") && isThought(it) == thought }
        .joinToString("") { it.getValue("text").jsonPrimitive.content }
    return buildJsonObject {
        put("index", c.getValue("index"))
        put("text", JsonPrimitive(texts(false)))
        put("thought", JsonPrimitive(texts(true)))
        put("functionCalls", JsonArray(parts.mapNotNull { it["functionCall"]?.jsonObject }.map { call ->
            buildJsonObject {
                put("name", call["name"] ?: JsonNull)
                put("args", call["args"] ?: JsonNull)
            }
        }))
        put("finishReason", c["finishReason"] ?: JsonNull)
    }
}

/** Compares the fields [expected] has, but `source`, `transcript_exact_bytes` and `quirk`. */
internal fun assertMatches(expected: JsonObject, actual: JsonObject, what: String) {
    for ((key, value) in expected) {
        if (key in setOf("source", "transcript_exact_bytes", "quirk")) continue
        assertEquals<JsonElement?>(value, actual[key], "$what: field '$key'\nactual: $actual")
    }
}
