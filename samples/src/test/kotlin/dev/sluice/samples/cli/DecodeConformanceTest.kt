package dev.sluice.samples.cli

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import java.util.Base64
import kotlin.test.assertEquals

/** Every shared conformance case through `decode sse`, whole, at its chunks, and byte by byte. */
@Timeout(20)
class DecodeConformanceTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("caseNames")
    fun cliOutputMatchesTheCase(name: String) {
        val case = cases.getValue(name)
        val input = case["input_b64"]?.let { Base64.getDecoder().decode(it.jsonPrimitive.content) }
            ?: case.getValue("input").jsonPrimitive.content.toByteArray()
        val expected = case.getValue("events").jsonArray.map { normalize(it.jsonObject) } +
            buildJsonObject {
                put("retry", case.getValue("retry"))
                put("last_event_id", idOf(case.getValue("last_event_id")))
            }
        val chunks = (case["chunks"] as? JsonArray)?.joinToString(",") { it.jsonPrimitive.content }
        val runs = listOfNotNull(
            runCli(input, "decode", "sse"),
            runCli(input, "decode", "sse", "--split", "1"),
            chunks?.let { runCli(input, "decode", "sse", "--chunks", it) },
        )
        for (run in runs) {
            assertEquals(0, run.status, run.err)
            val actual = run.outLines.map { Json.parseToJsonElement(it).jsonObject }
            assertEquals(expected, actual.dropLast(1).map(::normalize) + normalizeEnd(actual.last()))
        }
    }

    private fun normalize(event: JsonObject): JsonObject = buildJsonObject {
        put("type", event.getValue("type"))
        put("data", event.getValue("data"))
        put("id", idOf(event.getValue("id")))
    }

    private fun normalizeEnd(end: JsonObject): JsonObject = buildJsonObject {
        put("retry", end.getValue("retry"))
        put("last_event_id", idOf(end.getValue("last_event_id")))
    }

    /** `null` and `""` are the same last event ID under the spec. */
    private fun idOf(e: JsonElement): JsonElement = if (e == JsonNull) JsonPrimitive("") else e

    companion object {
        private val cases: Map<String, JsonObject> by lazy {
            val text = DecodeConformanceTest::class.java.getResourceAsStream("/conformance/sse/cases.json")!!
                .use { it.readBytes().toString(Charsets.UTF_8) }
            Json.parseToJsonElement(text).jsonArray.associate { it.jsonObject.getValue("name").jsonPrimitive.content to it.jsonObject }
        }

        @JvmStatic
        fun caseNames(): List<String> = cases.keys.toList()
    }
}
