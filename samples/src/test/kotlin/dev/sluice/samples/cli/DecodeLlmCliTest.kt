package dev.sluice.samples.cli

import dev.sluice.llm.request.Provider
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
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.Arguments.arguments
import org.junit.jupiter.params.provider.MethodSource
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream
import java.util.concurrent.TimeUnit
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/**
 * `decode <provider>` end to end, in-process: every recorded stream prints its expected final
 * object (exit 0); every error stream, and every stream that ends before its terminal event,
 * breaks its provider's format or is not that provider's stream, exits 1 with
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
        val protocolError = expected["protocol_error"]?.jsonObject
        if (protocolError != null) {
            // A stream that breaks its provider's format: the CLI is strict, so it fails with what came before
            assertEquals(1, run.status, "$name: exit status")
            val error = printed.getValue("error").jsonObject
            assertEquals(JsonPrimitive("protocol_error"), error["type"], name)
            assertContains(error.getValue("message").jsonPrimitive.content, protocolError.getValue("reason").jsonPrimitive.content)
            val partial = printed.getValue("partial").jsonObject
            checkShape(provider, partial)
            assertMatches(expected.getValue("partial").jsonObject, reduce(provider, partial), "$name partial")
            assertEquals("LlmProtocolException", errorLineOf(run)["error"]?.jsonPrimitive?.content)
        } else if (expected["interrupted"] == JsonPrimitive(true)) {
            assertEquals(1, run.status, "$name: exit status")
            val error = printed.getValue("error").jsonObject
            assertEquals(JsonPrimitive("interrupted"), error["type"], name)
            checkShape(provider, printed.getValue("partial").jsonObject)
            assertMatches(expected.getValue("partial").jsonObject, reduce(provider, printed.getValue("partial").jsonObject), "$name partial")
            assertEquals("LlmInterruptedException", errorLineOf(run)["error"]?.jsonPrimitive?.content)
        } else if (streamError == null) {
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
        val out = ByteArrayOutputStream()
        val err = ByteArrayOutputStream()
        val status = runCli(listOf("decode", "anthropic", "--bogus"), CliIo(ByteArrayInputStream(ByteArray(0)), PrintStream(out), PrintStream(err)))
        assertEquals(2, status)
        assertTrue(err.toString().contains("--bogus"))
    }

    /** The exact keys of the provider-shaped objects in the issue's `decode` contract. */
    private fun checkShape(providerId: String, json: JsonObject) {
        // an OpenAI-compatible server answers in the Chat Completions shape
        val provider = if (providerId == "openai-compatible") "openai-chat" else providerId
        val keys = when (provider) {
            "openai-chat" -> setOf("id", "object", "created", "model", "choices", "usage")
            "anthropic" -> setOf("id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage")
            "openai-responses" -> setOf("id", "model", "status", "output", "output_text", "usage", "error", "incomplete_details")
            "gemini" -> {
                // absent fields are left out of Gemini's shape
                assertTrue("candidates" in json.keys, "gemini keys ${json.keys}")
                assertTrue(setOf("candidates", "promptFeedback", "usageMetadata", "modelVersion", "responseId").containsAll(json.keys), "gemini keys ${json.keys}")
                json.keys
            }
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
        "gemini" -> JsonObject(json.mapValues { (k, v) -> if (k == "candidates") JsonArray(v.jsonArray.map { reduceCandidate(it.jsonObject) }) else v })
        else -> json
    }

    /** A Gemini candidate as the `.expected.json` files give it: text and thought joined, function calls, finish reason. */
    private fun reduceCandidate(c: JsonObject): JsonObject {
        val parts = c["content"]?.jsonObject?.get("parts")?.jsonArray.orEmpty().map { it.jsonObject }
        fun isThought(p: JsonObject) = p["thought"] == JsonPrimitive(true)
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
        Provider.values().map { it.id }.sortedByDescending { it.length }.first { name.startsWith("$it-") }

    private fun errorLineOf(run: Run): JsonObject = Json.parseToJsonElement(run.err.lines().last { it.isNotBlank() }).jsonObject

    /** Checks the failure report of [run]: exit 1, `{"error":{"type","message"},"partial"}` on stdout, the error line last on stderr. */
    private fun assertReport(run: Run, provider: String, type: String, exception: String): JsonObject {
        assertEquals(1, run.status, "exit status; stderr: ${run.err}")
        assertEquals(1, run.out.lines().count { it.isNotBlank() }, "one JSON document on one line\n${run.out}")
        val printed = Json.parseToJsonElement(run.out.trim()).jsonObject
        assertEquals(setOf("error", "partial"), printed.keys)
        val error = printed.getValue("error").jsonObject
        assertEquals(setOf("type", "message"), error.keys)
        assertEquals(JsonPrimitive(type), error["type"], run.out)
        val line = errorLineOf(run)
        assertEquals(exception, line["error"]?.jsonPrimitive?.content, run.err)
        assertEquals(line["message"], error["message"], "the report's message is the exception's message")
        val partial = printed.getValue("partial").jsonObject
        checkShape(provider, partial)
        return partial
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("truncations")
    fun aStreamCutBeforeItsTerminalEventIsInterrupted(provider: String, path: String, cutAt: String, kept: String) {
        val body = resource(path).readText()
        val marker = body.lastIndexOf(cutAt)
        assertTrue(marker > 0, "$path has '$cutAt'")
        val cut = body.substring(0, body.lastIndexOf('\n', marker) + 1)
        assertEquals(0, decode(provider, body.toByteArray()).status, "$provider: the whole stream decodes")

        val run = decode(provider, cut.toByteArray())

        val partial = assertReport(run, provider, "interrupted", "LlmInterruptedException")
        val message = Json.parseToJsonElement(run.out).jsonObject.getValue("error").jsonObject.getValue("message").jsonPrimitive.content
        assertTrue(message.startsWith("$provider stream ended before its terminal event"), message)
        assertTrue(partial.toString().contains(kept), "partial keeps what came before the cut: $partial")
    }

    @ParameterizedTest
    @MethodSource("providerIds")
    fun anEmptyBodyIsInterruptedForEveryProvider(provider: String) {
        val partial = assertReport(decode(provider, ByteArray(0)), provider, "interrupted", "LlmInterruptedException")
        assertTrue(partial.isNotEmpty())
    }

    @Test
    fun anAnthropicStreamIsNotAnOpenAiChatStream() {
        val run = decode("openai-chat", resource("conformance/llm/anthropic-basic-text.sse").readBytes())
        val partial = assertReport(run, "openai-chat", "interrupted", "LlmInterruptedException")
        assertTrue(!partial.toString().contains("Hello there"), "nothing of Anthropic's text is taken for a chat answer: $partial")
    }

    @Test
    fun anAnthropicStreamIsNotAGeminiStream() {
        val run = decode("gemini", resource("conformance/llm/anthropic-basic-text.sse").readBytes())
        assertReport(run, "gemini", "interrupted", "LlmInterruptedException")
    }

    @Test
    fun anSseStreamIsNotAnOllamaStream() {
        val run = decode("ollama", resource("conformance/llm/openai-chat-text-usage.sse").readBytes())
        assertReport(run, "ollama", "protocol_error", "LlmProtocolException")
        assertTrue(errorLineOf(run).getValue("message").jsonPrimitive.content.contains("data is not valid JSON, in line at byte offset 0"), run.err)
    }

    @Test
    fun aFieldOfTheWrongTypeIsAProtocolError() {
        val body = chunk("\"Hello\"") + chunk("5") + "data: [DONE]\n\n"

        val run = decode("openai-chat", body.toByteArray())

        val partial = assertReport(run, "openai-chat", "protocol_error", "LlmProtocolException")
        val message = Json.parseToJsonElement(run.out).jsonObject.getValue("error").jsonObject.getValue("message").jsonPrimitive.content
        assertTrue(message.contains("content"), message)
        val content = partial.getValue("choices").jsonArray.single().jsonObject.getValue("message").jsonObject["content"]
        assertEquals(JsonPrimitive("Hello"), content, "the partial holds what came before the bad chunk")
    }

    @Test
    fun anAnswerPastTheAccumulationLimitIsLimitExceeded() {
        val body = chunk("\"0123456789\"") + chunk("\"abcdefghij\"") + "data: [DONE]\n\n"
        val out = ByteArrayOutputStream()
        val err = ByteArrayOutputStream()
        val io = CliIo(ByteArrayInputStream(body.toByteArray()), PrintStream(out, true, "UTF-8"), PrintStream(err, true, "UTF-8"))

        val status = decodeLlmCommand("openai-chat", emptyList(), io, maxAccumulatedChars = 15)

        val partial = assertReport(Run(status, out.toString("UTF-8"), err.toString("UTF-8")), "openai-chat", "limit_exceeded", "LlmLimitExceededException")
        val content = partial.getValue("choices").jsonArray.single().jsonObject.getValue("message").jsonObject["content"]
        assertEquals(JsonPrimitive("0123456789"), content)
    }

    @Test
    fun geminiIsADecodeFormatAndEveryProviderIsListedInTheUsage() {
        val help = decode("--help", ByteArray(0))
        assertEquals(0, help.status)
        for (provider in Provider.values()) assertTrue(help.out.contains(provider.id), "usage names ${provider.id}:\n${help.out}")
        val run = decode("gemini", resource("fixtures/llm/gemini-text-thinking.sse").readBytes())
        assertEquals(0, run.status, run.err)
        val printed = Json.parseToJsonElement(run.out).jsonObject
        assertEquals(JsonPrimitive("STOP"), printed.getValue("candidates").jsonArray.single().jsonObject["finishReason"])
    }

    /** One Chat Completions chunk whose delta content is [content] (raw JSON). */
    private fun chunk(content: String) =
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\"," +
            "\"choices\":[{\"index\":0,\"delta\":{\"content\":$content},\"finish_reason\":null}]}\n\n"

    companion object {
        private fun resource(path: String) =
            assertNotNull(DecodeLlmCliTest::class.java.classLoader.getResource(path), "missing test resource $path")

        @JvmStatic
        fun providerIds(): List<String> = Provider.values().map { it.id }

        /** Per provider: a recorded stream, the start of its terminal event, and a text kept before it. */
        @JvmStatic
        fun truncations(): List<Arguments> = Provider.values().map { provider ->
            when (provider) {
                Provider.OPENAI_CHAT, Provider.OPENAI_COMPATIBLE ->
                    arguments(provider.id, "conformance/llm/openai-chat-text-usage.sse", "data: [DONE]", "I'm unable to provide real-time weather")
                Provider.OPENAI_RESPONSES -> arguments(provider.id, "conformance/llm/openai-responses-text.sse", "event: response.completed", "Hello")
                Provider.ANTHROPIC -> arguments(provider.id, "conformance/llm/anthropic-basic-text.sse", "event: message_stop", "Hello there!")
                Provider.OLLAMA -> arguments(provider.id, "fixtures/llm/ollama-text.ndjson", "\"done\":true", "The sky is blue.")
                Provider.GEMINI -> arguments(provider.id, "fixtures/llm/gemini-text-thinking.sse", "\"finishReason\"", "Rivers carry water ")
            }
        }

        @JvmStatic
        fun streams(): List<String> = listOf("conformance/llm", "fixtures/llm").flatMap { folder ->
            File(resource(folder).toURI()).listFiles().orEmpty().map { it.name }
                .filter { it.endsWith(".sse") || it.endsWith(".ndjson") }.sorted().map { "$folder/$it" }
        }
    }
}
