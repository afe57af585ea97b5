package dev.sluice.llm.gemini

import dev.sluice.internal.llm.provider.gemini.GeminiSpec
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmFinishReason
import dev.sluice.llm.LlmStreamDecoder
import dev.sluice.llm.LlmStreamException
import dev.sluice.llm.decodeLlm
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.chatRequest
import dev.sluice.sse.decodeSse
import dev.sluice.testkit.Fault
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.ScriptBuilder
import dev.sluice.testkit.script
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.net.HttpURLConnection
import java.net.URL
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/**
 * A script played by the testkit's fake server in Gemini's wire format, requested over loopback
 * with the body, URL and headers [GeminiSpec] makes, and decoded by the library.
 */
@Timeout(30)
class GeminiFakeServerTest {
    private val fake = FakeLlmServer().start()

    @AfterEach
    fun stop() = fake.close()

    private val request: ChatRequest = chatRequest {
        model = "gemini-2.5-flash"
        system("Be brief.")
        user("Tell me about rivers")
    }

    /** Posts [request] as [GeminiSpec] encodes it; returns the status and the body bytes (up to a broken connection). */
    private fun call(stream: Boolean = true): Pair<Int, ByteArray> {
        val connection = URL(GeminiSpec.endpointUrl(fake.geminiBaseUrl, request, stream)).openConnection() as HttpURLConnection
        connection.requestMethod = "POST"
        connection.doOutput = true
        connection.setRequestProperty("Content-Type", "application/json")
        GeminiSpec.authHeaders("g-test-key").forEach { (k, v) -> connection.setRequestProperty(k, v) }
        connection.outputStream.use { it.write(GeminiSpec.encodeRequest(request, stream).toString().toByteArray()) }
        val status = connection.responseCode
        val out = java.io.ByteArrayOutputStream()
        try {
            (if (status >= 400) connection.errorStream else connection.inputStream).use { input ->
                val buffer = ByteArray(4096)
                while (true) {
                    val n = input.read(buffer)
                    if (n < 0) break
                    out.write(buffer, 0, n)
                }
            }
        } catch (e: java.io.IOException) {
            // the connection broke: keep what arrived
        }
        return status to out.toByteArray()
    }

    /** Decodes a body cut in 7-byte pieces through `decodeSse()` and `decodeLlm`. */
    private fun decode(bytes: ByteArray, decoder: LlmStreamDecoder): List<LlmEvent> = runBlocking {
        (bytes.indices step 7).map { bytes.copyOfRange(it, minOf(it + 7, bytes.size)) }.asFlow().decodeSse().decodeLlm(decoder).toList()
    }

    @Test
    fun scriptRoundTripsThroughTheFakeServer() {
        fake.enqueue(script {
            reasoning("Rivers flow downhill to the sea.", signature = "sig-rivers")
            text("Rivers carry water, sediment and life to the sea.")
            toolCall("call_weather_1", "get_weather", """{"city":"Paris","days":[1,2],"unit":"°C"}""", fragmentLength = 5)
            usage(12, 34)
        })
        val (status, bytes) = call()
        assertEquals(200, status)
        val decoder = LlmStreamDecoder(Provider.GEMINI)
        val events = decode(bytes, decoder)

        val result = decoder.snapshot()
        assertTrue(result.isComplete)
        assertTrue(events.last() is LlmEvent.StreamCompleted)
        assertEquals("Rivers carry water, sediment and life to the sea.", result.text)
        val choice = result.choices.single()
        assertEquals("Rivers flow downhill to the sea.", choice.reasoning)
        assertEquals("sig-rivers", choice.reasoningSignature)
        val call = result.toolCalls.single()
        assertEquals("call_weather_1", call.id)
        assertEquals("get_weather", call.name)
        assertEquals("""{"city":"Paris","days":[1,2],"unit":"°C"}""", call.arguments)
        assertEquals("STOP", choice.rawFinishReason)
        assertEquals(LlmFinishReason.TOOL_CALLS, choice.finishReason)
        assertEquals(12L, result.usage?.inputTokens)
        assertEquals(34L, result.usage?.outputTokens)
        assertEquals(6L, result.usage?.reasoningTokens)
        assertEquals("gemini-2.5-flash", result.model)
        assertEquals("gemini-fake-1", result.id)

        val recorded = fake.lastRequest()!!
        assertEquals("/v1beta/models/gemini-2.5-flash:streamGenerateContent", recorded.path)
        assertEquals("alt=sse", recorded.query)
        assertEquals("g-test-key", recorded.header("x-goog-api-key"))
        assertEquals(null, recorded.header("Authorization"))
        assertEquals("Tell me about rivers", recorded.lastUserMessage())
    }

    @Test
    fun inStreamErrorFailsWithThePartialResult() {
        fake.enqueue(ScriptBuilder().text("one two three").fault(Fault.StreamError(2, "UNAVAILABLE", "The model is overloaded.")).build())
        val decoder = LlmStreamDecoder(Provider.GEMINI)

        val e = assertFailsWith<LlmStreamException> { decode(call().second, decoder) }

        assertEquals("UNAVAILABLE", e.errorType)
        assertEquals("503", e.errorCode)
        assertEquals("The model is overloaded.", e.providerMessage)
        assertEquals("one two", e.partial.text)
    }

    @Test
    fun droppedConnectionBeforeTheFinishIsInterrupted() {
        fake.enqueue(ScriptBuilder().text("one two three").fault(Fault.DropConnection(2)).build())
        val bytes = call().second
        val decoder = LlmStreamDecoder(Provider.GEMINI)

        val e = assertFailsWith<dev.sluice.llm.LlmInterruptedException> { decode(bytes, decoder) }

        assertEquals("one two", e.partial.text)
    }

    @Test
    fun httpErrorBodyReadsAsGeminisError() {
        fake.enqueue(ScriptBuilder().text("x").fault(Fault.HttpError(503, message = "Try later.")).build())

        val (status, bytes) = call()

        assertEquals(503, status)
        val error = GeminiSpec.readErrorBody(Json.parseToJsonElement(String(bytes)).jsonObject)
        assertEquals("UNAVAILABLE", error.type)
        assertEquals("503", error.code)
        assertEquals("Try later.", error.message)
    }

    @Test
    fun generateContentAnswersWithTheRenderedShape() {
        fake.enqueue(ScriptBuilder().text("Hello river").build())

        val (status, bytes) = call(stream = false)

        assertEquals(200, status)
        val candidate = Json.parseToJsonElement(String(bytes)).jsonObject["candidates"].toString()
        assertEquals("""[{"content":{"parts":[{"text":"Hello river"}],"role":"model"},"finishReason":"STOP","index":0}]""", candidate)
    }
}
