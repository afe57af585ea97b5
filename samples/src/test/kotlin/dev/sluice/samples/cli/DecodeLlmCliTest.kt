package dev.sluice.samples.cli

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/**
 * `decode openai-chat|openai-responses|anthropic|ollama` end to end, in-process: every recorded
 * stream prints its expected final object (exit 0); every error stream exits 1 with
 * `{"error": {"type", "message"}, "partial": ...}` on standard output and the JSON error line last
 * on standard error.
 */
@Timeout(30, unit = TimeUnit.SECONDS)
class DecodeLlmCliTest {
    private class Run(val status: Int, val out: String, val err: String)

    private fun decode(provider: String, body: ByteArray): Run {
        val out = ByteArrayOutputStream()
        val err = ByteArrayOutputStream()
        val status = runCli(
            listOf("decode", provider),
            CliIo(ByteArrayInputStream(body), PrintStream(out, true, "UTF-8"), PrintStream(err, true, "UTF-8")),
        )
        return Run(status, out.toString("UTF-8"), err.toString("UTF-8"))
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    fun recordedStreamDecodesToItsExpectedObject(path: String) {
        val name = path.substringAfterLast('/')
        val provider = providerOf(name)
        val run = decode(provider, resource(path).readBytes())
        val expected = Json.parseToJsonElement(resource(path.substringBeforeLast('.') + ".expected.json").readText()).jsonObject
        val stdout = run.out.trim()
        assertEquals(1, run.out.lines().count { it.isNotBlank() }, "$name: one JSON document on one line\n${run.out}")
        val printed = Json.parseToJsonElement(stdout).jsonObject
        val streamError = expected["stream_error"]?.jsonObject
        if (streamError == null) {
            assertEquals(0, run.status, "$name: exit status; stderr: ${run.err}")
            assertEquals("", run.err)
            checkShape(provider, printed)
            assertMatches(expected, reduce(provider, printed), name)
        } else {
            assertEquals(1, run.status, "$name: exit status")
            assertEquals(setOf("error", "partial"), printed.keys, name)
            val error = printed.getValue("error").jsonObject
            assertEquals(setOf("type", "message"), error.keys, name)
            assertEquals(streamError["type"], error["type"], name)
            assertEquals(streamError["message"], error["message"], name)
            val partial = printed.getValue("partial").jsonObject
            checkShape(provider, partial)
            assertMatches(expected.getValue("partial").jsonObject, reduce(provider, partial), "$name partial")
            val errorLine = Json.parseToJsonElement(run.err.lines().last { it.isNotBlank() }).jsonObject
            assertEquals("LlmStreamException", errorLine["error"]?.jsonPrimitive?.content)
            assertTrue(errorLine["message"]!!.jsonPrimitive.content.contains(streamError["type"]!!.jsonPrimitive.content))
        }
    }

    @Test
    fun everySharedConformanceStreamIsCovered() {
        assertEquals(8, streams().count { it.startsWith("conformance/") })
    }

    @Test
    fun responsesPartialShowsTheFailedResponseAsTheServerFinallyDescribedIt() {
        val run = decode("openai-responses", resource("fixtures/llm/openai-responses-error-then-failed.sse").readBytes())
        assertEquals(1, run.status)
        val partial = Json.parseToJsonElement(run.out).jsonObject.getValue("partial").jsonObject
        assertEquals(JsonPrimitive("failed"), partial["status"])
        assertEquals(JsonPrimitive("server_error"), partial["error"]!!.jsonObject["code"])
        assertEquals(JsonPrimitive("Hello"), partial["output_text"])
    }

    @Test
    fun unknownOptionIsAUsageError() {
        val run = decode("anthropic", ByteArray(0))
        assertEquals(0, run.status, "an empty body is an empty message")
        val out = ByteArrayOutputStream()
        val err = ByteArrayOutputStream()
        val status = runCli(listOf("decode", "anthropic", "--bogus"), CliIo(ByteArrayInputStream(ByteArray(0)), PrintStream(out), PrintStream(err)))
        assertEquals(2, status)
        assertTrue(err.toString().contains("--bogus"))
    }

    /** The exact keys of the provider-shaped objects in the issue's `decode` contract. */
    private fun checkShape(provider: String, json: JsonObject) {
        val keys = when (provider) {
            "openai-chat" -> setOf("id", "object", "created", "model", "choices", "usage")
            "anthropic" -> setOf("id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage")
            "openai-responses" -> setOf("id", "model", "status", "output", "output_text", "usage", "error", "incomplete_details")
            else -> setOf("model", "message", "done_reason", "prompt_eval_count", "eval_count")
        }
        assertEquals(keys, json.keys, "$provider keys")
        if (provider == "openai-chat") {
            assertEquals(JsonPrimitive("chat.completion"), json["object"])
            val indexes = json.getValue("choices").jsonArray.map { it.jsonObject.getValue("index").jsonPrimitive.content.toInt() }
            assertEquals(indexes.sorted(), indexes, "choices ordered by index")
            json.getValue("choices").jsonArray.forEach { c ->
                val message = c.jsonObject.getValue("message").jsonObject
                assertTrue(message.keys.containsAll(setOf("role", "content", "refusal", "tool_calls")), "message keys ${message.keys}")
            }
        }
        if (provider == "anthropic") assertEquals(JsonPrimitive("message"), json["type"])
    }

    private fun assertMatches(expected: JsonObject, actual: JsonObject, what: String) {
        for ((key, value) in expected) {
            if (key in setOf("source", "transcript_exact_bytes", "quirk")) continue
            assertEquals(value, actual[key], "$what: field '$key'\nactual: $actual")
        }
    }

    /** The shape of the `.expected.json` files (see the conformance README). */
    private fun reduce(provider: String, json: JsonObject): JsonObject = when (provider) {
        "openai-chat" -> JsonObject(json.mapValues { (k, v) ->
            if (k != "choices") v else JsonArray(v.jsonArray.map { c ->
                val choice = c.jsonObject
                JsonObject(mapOf("index" to choice.getValue("index")) + choice.getValue("message").jsonObject +
                    mapOf("finish_reason" to choice.getValue("finish_reason")))
            })
        })
        "openai-responses" -> JsonObject(json.mapValues { (k, v) -> if (k == "output") JsonArray(v.jsonArray.map { reduceItem(it.jsonObject) }) else v })
        else -> json
    }

    private fun reduceItem(item: JsonObject): JsonObject = when (item["type"]?.jsonPrimitive?.content) {
        "message" -> {
            val parts = item["content"]?.jsonArray.orEmpty().map { it.jsonObject }
            fun join(type: String) = parts.filter { it["type"]?.jsonPrimitive?.content == type }
            val refusals = join("refusal")
            buildJsonObject {
                put("type", JsonPrimitive("message"))
                put("id", item["id"] ?: JsonNull)
                put("role", item["role"] ?: JsonNull)
                put("status", item["status"] ?: JsonNull)
                put("text", JsonPrimitive(join("output_text").joinToString("") { it["text"]!!.jsonPrimitive.content }))
                put("refusal", if (refusals.isEmpty()) JsonNull else JsonPrimitive(refusals.joinToString("") { it["refusal"]!!.jsonPrimitive.content }))
            }
        }
        "function_call" -> buildJsonObject {
            listOf("type", "id", "call_id", "name", "arguments", "status").forEach { put(it, item[it] ?: JsonNull) }
        }
        else -> item
    }

    private fun providerOf(name: String): String =
        listOf("openai-chat", "openai-responses", "anthropic", "ollama").first { name.startsWith(it) }

    companion object {
        private fun resource(path: String) =
            assertNotNull(DecodeLlmCliTest::class.java.classLoader.getResource(path), "missing test resource $path")

        @JvmStatic
        fun streams(): List<String> = listOf("conformance/llm", "fixtures/llm").flatMap { folder ->
            File(resource(folder).toURI()).listFiles().orEmpty().map { it.name }
                .filter { it.endsWith(".sse") || it.endsWith(".ndjson") }.sorted().map { "$folder/$it" }
        }
    }
}
