package dev.sluice.samples.cli

import dev.sluice.llm.request.Provider
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.FakeLlmServerExtension
import dev.sluice.testkit.Fault
import dev.sluice.testkit.defaultReplyText
import dev.sluice.testkit.script
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.api.io.TempDir
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource
import org.junit.jupiter.params.provider.ValueSource
import java.io.File
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/** `chat` in-process, against one fake server for the class, reset before each test (or the embedded one). */
@Timeout(60)
class ChatCommandTest {
    private val fake: FakeLlmServer get() = fakeServer.server()

    private fun chat(env: Map<String, String>, vararg args: String): CliRun = runChat(env, *args)

    private fun baseFor(provider: String) = fake.cliBaseUrl(provider)

    @ParameterizedTest
    @MethodSource("providerNames")
    fun streamsTheTextToStdoutThenTimingAndUsageToStderr(provider: String) {
        fake.enqueue(script { text("Rivers carve canyons slowly."); usage(5, 4) })
        val run = chat(emptyMap(), "--provider", provider, "--base-url", baseFor(provider), "--model", "m1",
            "--system", "Be brief.", "--max-tokens", "50", "Tell me about rivers")
        assertEquals(0, run.status, run.err)
        assertEquals("Rivers carve canyons slowly.\n", run.out)
        val err = run.err.lines()
        assertTrue(err.any { Regex("""time to first token: \d+\.\d ms""").matches(it) }, run.err)
        assertTrue(err.any { Regex("""tokens per second: \d+\.\d""").matches(it) }, run.err)
        val total = if (provider in setOf("openai", "openai-chat", "openai-compatible", "openai-responses", "gemini")) ", total 9" else ""
        assertTrue("usage: input 5, output 4$total tokens" in err, run.err)
        val request = fake.lastRequest()!!
        assertEquals("m1", request.model())
        assertEquals("Tell me about rivers", request.lastUserMessage())
        assertTrue(request.body.contains("Be brief."), request.body)
        assertTrue(request.body.contains("50"), request.body)
    }

    @Test
    fun finalJsonWritesTheFinalObjectInTheProvidersShape(@TempDir dir: File) {
        fake.enqueue(script { text("Deltas form at river mouths."); usage(7, 5) })
        val file = File(dir, "final.json")
        val run = chat(emptyMap(), "--base-url", fake.openAiBaseUrl, "--final-json", file.path, "What is a delta?")
        assertEquals(0, run.status, run.err)
        val json = Json.parseToJsonElement(file.readText()).jsonObject
        assertEquals("chat.completion", json["object"]?.jsonPrimitive?.content)
        val choice = (json["choices"] as JsonArray).single().jsonObject
        assertEquals("Deltas form at river mouths.", choice["message"]!!.jsonObject["content"]!!.jsonPrimitive.content)
        assertEquals("assistant", choice["message"]!!.jsonObject["role"]!!.jsonPrimitive.content)
        assertEquals("stop", choice["finish_reason"]!!.jsonPrimitive.content)
        val usage = json["usage"]!!.jsonObject
        assertEquals(7, usage["prompt_tokens"]!!.jsonPrimitive.content.toInt())
        assertEquals(5, usage["completion_tokens"]!!.jsonPrimitive.content.toInt())
    }

    @Test
    fun finalJsonOfAnthropicIsAMessage(@TempDir dir: File) {
        fake.enqueue(script { text("Hi"); toolCall("toolu_1", "lookup", """{"q":"nile"}""") })
        val file = File(dir, "final.json")
        val run = chat(emptyMap(), "--provider", "anthropic", "--base-url", fake.anthropicBaseUrl, "--final-json", file.path, "hi")
        assertEquals(0, run.status, run.err)
        val json = Json.parseToJsonElement(file.readText()).jsonObject
        assertEquals("message", json["type"]!!.jsonPrimitive.content)
        assertEquals("tool_use", json["stop_reason"]!!.jsonPrimitive.content)
        val content = json["content"] as JsonArray
        assertEquals("Hi", content[0].jsonObject["text"]!!.jsonPrimitive.content)
        assertEquals(Json.parseToJsonElement("""{"q":"nile"}"""), content[1].jsonObject["input"])
    }

    @Test
    fun httpErrorExitsOneWithTheJsonErrorLineLast() {
        fake.enqueue(script { text("never"); fault(Fault.HttpError(503, "server_error", "down for maintenance")) })
        val run = chat(emptyMap(), "--base-url", fake.openAiBaseUrl, "--max-retries", "0", "hello")
        assertEquals(1, run.status)
        assertTrue(
            run.lastErrLine.startsWith("""{"error":"LlmHttpException","status":503,"attempts":1,"retryable":true,"partial_chars":0,"message":"""),
            run.lastErrLine,
        )
        val line = Json.parseToJsonElement(run.lastErrLine).jsonObject
        assertEquals(listOf("error", "status", "attempts", "retryable", "partial_chars", "message"), line.keys.toList())
        assertTrue(line["message"]!!.jsonPrimitive.content.contains("down for maintenance"), run.lastErrLine)
        assertEquals("", run.out)
    }

    @Test
    fun inStreamErrorKeepsTheTextPrintedAndReportsNoStatus() {
        fake.enqueue(script { text("one two three"); fault(Fault.StreamError(2, "overloaded_error", "busy")) })
        val run = chat(emptyMap(), "--provider", "anthropic", "--base-url", fake.anthropicBaseUrl, "hello")
        assertEquals(1, run.status)
        assertEquals("one two\n", run.out)
        val line = Json.parseToJsonElement(run.lastErrLine).jsonObject
        assertEquals(JsonPrimitive("LlmStreamException"), line["error"])
        assertEquals(JsonNull, line["status"])
        assertEquals(JsonPrimitive(1), line["attempts"])
        assertEquals(JsonPrimitive(true), line["retryable"], "overloaded_error says retryable")
        assertEquals(JsonPrimitive("one two".length), line["partial_chars"])
    }

    @Test
    fun refusedConnectionIsATransportErrorAfterOneAttemptWithoutRetries() {
        val port = TinyHttpServer.closedPort()
        val run = chat(emptyMap(), "--base-url", "http://127.0.0.1:$port/v1", "--max-retries=0", "hello")
        assertEquals(1, run.status)
        val line = Json.parseToJsonElement(run.lastErrLine).jsonObject
        assertEquals(JsonPrimitive("HttpTransportException"), line["error"])
        assertEquals(JsonNull, line["status"])
        assertEquals(JsonPrimitive(1), line["attempts"])
        assertEquals(JsonPrimitive(true), line["retryable"], "a transport error before any output")
        assertEquals(JsonPrimitive(0), line["partial_chars"])
    }

    @Test
    fun failuresBeforeTheFirstTokenAreRetriedAndTheErrorLineCountsEveryAttempt() {
        val busy = script { text("never"); fault(Fault.HttpError(503, "server_error", "busy").withRetryAfterMillis(1)) }
        fake.enqueue(busy, busy, busy, busy)
        val run = chat(emptyMap(), "--base-url", fake.openAiBaseUrl, "--max-retries", "3", "hello")
        assertEquals(1, run.status)
        val line = Json.parseToJsonElement(run.lastErrLine).jsonObject
        assertEquals(JsonPrimitive(503), line["status"])
        assertEquals(JsonPrimitive(4), line["attempts"])
        assertEquals(4, fake.requestCount())
    }

    @Test
    fun aRetriedCallThatSucceedsExitsZero() {
        fake.enqueue(script { text("x"); fault(Fault.HttpError(529).withRetryAfterMillis(1)) }, script { text("Made it.") })
        val run = chat(emptyMap(), "--provider", "anthropic", "--base-url", fake.anthropicBaseUrl, "hello")
        assertEquals(0, run.status, run.err)
        assertEquals("Made it.\n", run.out)
        assertEquals(2, fake.requestCount())
    }

    @Test
    fun aStalledAnswerEndsWithTheIdleTimeoutAndKeepsTheTextPrinted() {
        fake.enqueue(script { text("one two three"); fault(Fault.Hang(2)) })
        val run = chat(emptyMap(), "--base-url", fake.openAiBaseUrl, "--idle-timeout", "0.3", "hello")
        assertEquals(1, run.status)
        assertEquals("one two\n", run.out)
        val line = Json.parseToJsonElement(run.lastErrLine).jsonObject
        assertEquals(JsonPrimitive("LlmTimeoutException"), line["error"])
        assertEquals(JsonPrimitive(1), line["attempts"])
        assertTrue(line["message"]!!.jsonPrimitive.content.contains("idleTimeout"), run.lastErrLine)
    }

    @Test
    fun noFirstTokenEndsWithTheFirstTokenTimeout() {
        fake.enqueue(script { text("one two three"); fault(Fault.Hang(0)) })
        val run = chat(emptyMap(), "--provider", "anthropic", "--base-url", fake.anthropicBaseUrl, "--first-token-timeout=0.25", "hello")
        assertEquals(1, run.status)
        assertEquals("", run.out)
        assertTrue(run.lastErrLine.contains("firstTokenTimeout"), run.lastErrLine)
    }

    @Test
    fun retryAndTimeoutFlagsRejectInvalidValues() {
        for (bad in listOf(
            listOf("--max-retries", "-1"), listOf("--max-retries", "two"), listOf("--idle-timeout", "0"),
            listOf("--first-token-timeout", "0.0001"), listOf("--total-timeout", "NaN"), listOf("--connect-timeout", "Infinity"),
            listOf("--idle-timeout", "-3"), listOf("--total-timeout", "5s"),
        )) {
            assertEquals(2, chat(emptyMap(), *(bad + "hi").toTypedArray()).status, "$bad")
        }
        assertEquals(0, fake.requestCount())
        val ok = chat(emptyMap(), "--base-url", fake.openAiBaseUrl, "--max-retries", "0", "--connect-timeout", "2.5",
            "--first-token-timeout", "30", "--idle-timeout", "0.75", "--total-timeout", "60", "hi")
        assertEquals(0, ok.status, ok.err)
    }

    @Test
    fun theKeyFromTheEnvironmentAuthenticatesTheCall() {
        val run = chat(mapOf("OPENAI_API_KEY" to "sk-from-env-123"), "--base-url", fake.openAiBaseUrl, "hello")
        assertEquals(0, run.status, run.err)
        assertEquals("Bearer sk-from-env-123", fake.lastRequest()!!.header("authorization"))
        assertTrue(!run.err.contains("sk-from-env-123"))
        assertTrue(!run.err.contains("embedded fake"), run.err)
    }

    @ParameterizedTest
    @MethodSource("providerNames")
    fun withoutKeyOrBaseUrlItAnswersOfflineFromTheEmbeddedFake(provider: String) {
        val run = chat(emptyMap(), "--provider", provider, "Tell me about rivers")
        assertEquals(0, run.status, run.err)
        assertEquals(defaultReplyText("Tell me about rivers") + "\n", run.out)
        val first = run.err.lines().first()
        assertTrue(first.startsWith("sluice: ") && first.contains("embedded fake LLM server at http://127.0.0.1:"), first)
        assertTrue(run.err.contains("time to first token: "), run.err)
        assertEquals(0, fake.requestCount()) // the test's own server was not used
    }

    @Test
    fun theEmbeddedFakePacesItsAnswerLikeAModel() {
        // The other offline tests turn the pacing off; the CLI keeps it on (ChatCommand's default).
        val run = runChat(emptyMap(), "Tell me about rivers", pacedFake = true)
        assertEquals(0, run.status, run.err)
        val firstToken = Regex("""time to first token: (\d+\.\d) ms""").find(run.err)?.groupValues?.get(1)?.toDouble()
        assertTrue(firstToken != null && firstToken >= EmbeddedFake.TIME_TO_FIRST_TOKEN.toMillis(), run.err)
    }

    @Test
    fun aKeyForAnotherProviderDoesNotPreventTheOfflinePath() {
        val run = chat(mapOf("OPENAI_API_KEY" to "sk-x"), "--provider", "anthropic", "hi")
        assertEquals(0, run.status, run.err)
        assertTrue(run.err.lines().first().contains("no ANTHROPIC_API_KEY and no --base-url"), run.err)
    }

    @Test
    fun badArgumentsAreUsageErrors() {
        assertEquals(2, chat(emptyMap(), "--base-url", fake.openAiBaseUrl).status)
        assertEquals(2, chat(emptyMap(), "--provider", "bogus", "hi").status)
        assertEquals(2, chat(emptyMap(), "--max-tokens", "0", "hi").status)
        assertEquals(2, chat(emptyMap(), "one", "two").status)
        assertEquals(2, chat(emptyMap(), "--temperature", "1", "hi").status)
        assertEquals(0, fake.requestCount())
    }

    @Test
    fun finalJsonOfGeminiIsAGenerateContentResponse(@TempDir dir: File) {
        fake.enqueue(script { text("Rain feeds rivers."); usage(3, 4) })
        val file = File(dir, "final.json")
        val run = chat(emptyMap(), "--provider", "gemini", "--base-url", fake.geminiBaseUrl, "--model", "gemini-x", "--final-json", file.path, "rain?")
        assertEquals(0, run.status, run.err)
        assertEquals("Rain feeds rivers.\n", run.out)
        assertTrue(fake.lastRequest()!!.path.contains("/models/gemini-x:streamGenerateContent"), fake.lastRequest()!!.path)
        val json = Json.parseToJsonElement(file.readText()).jsonObject
        val candidate = json.getValue("candidates").jsonArray.single().jsonObject
        assertEquals("STOP", candidate["finishReason"]!!.jsonPrimitive.content)
        val parts = candidate.getValue("content").jsonObject.getValue("parts").jsonArray
        assertEquals("Rain feeds rivers.", parts.joinToString("") { it.jsonObject["text"]!!.jsonPrimitive.content })
        assertEquals(JsonPrimitive(7), json.getValue("usageMetadata").jsonObject["totalTokenCount"])
    }

    @ParameterizedTest
    @ValueSource(strings = ["GEMINI_API_KEY", "GOOGLE_API_KEY"])
    fun aGeminiKeyFromEitherVariableAuthenticatesTheCall(variable: String) {
        val run = chat(mapOf(variable to "AIza-from-env-1"), "--provider", "gemini", "--base-url", fake.geminiBaseUrl, "hello")
        assertEquals(0, run.status, run.err)
        assertEquals("AIza-from-env-1", fake.lastRequest()!!.header("x-goog-api-key"))
        assertTrue(!run.err.contains("AIza-from-env-1"))
    }

    @ParameterizedTest
    @ValueSource(strings = ["GEMINI_API_KEY", "GOOGLE_API_KEY"])
    fun withAGeminiKeyAndNoBaseUrlItDoesNotUseTheEmbeddedFake(variable: String) {
        // The real Gemini host is not reachable from tests: point GEMINI_BASE_URL at the test's fake instead.
        val run = chat(mapOf(variable to "AIza-2", "GEMINI_BASE_URL" to fake.geminiBaseUrl), "--provider", "gemini", "hello")
        assertEquals(0, run.status, run.err)
        assertTrue(!run.err.contains("embedded fake"), run.err)
        assertEquals(1, fake.requestCount())
    }

    @Test
    fun withoutAGeminiKeyTheOfflineMessageNamesTheVariable() {
        val run = chat(mapOf("OPENAI_API_KEY" to "sk-x"), "--provider", "gemini", "hi")
        assertEquals(0, run.status, run.err)
        assertTrue(run.err.lines().first().contains("no GEMINI_API_KEY and no --base-url"), run.err)
    }

    @Test
    fun theUsageNamesEveryProvider() {
        val run = runCli("", "chat", "--help")
        for (provider in Provider.values()) assertTrue(run.out.contains(provider.id), "usage names ${provider.id}:\n${run.out}")
        assertTrue(run.out.contains("GOOGLE_API_KEY"), run.out)
    }

    @Test
    fun chatIsACommandOfTheCli() {
        val run = runCli("", "chat", "--help")
        assertEquals(0, run.status)
        assertTrue(run.out.startsWith("usage: java -jar sluice-cli.jar chat"), run.out)
    }

    companion object {
        @JvmField
        @RegisterExtension
        val fakeServer = FakeLlmServerExtension()

        /** Every `--provider` name: `openai` and each provider's id. */
        @JvmStatic
        fun providerNames(): List<String> = listOf("openai") + Provider.values().map { it.id }
    }
}
