package dev.sluice.samples.cli

import dev.sluice.llm.LlmResult
import dev.sluice.llm.LlmStreamDecoder
import dev.sluice.llm.LlmStreamException
import dev.sluice.llm.request.Provider
import dev.sluice.sse.SseDecoder
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.Fault
import dev.sluice.testkit.ScriptBuilder
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import java.net.HttpURLConnection
import java.net.URL
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/**
 * The codecs read what the testkit's fake server streams, over a real loopback socket: text,
 * reasoning, a tool call in fragments, usage, and an in-stream error, for every provider.
 * (The LLM client wires HTTP, codecs and views together; this only checks the two halves agree.)
 */
@Timeout(30, unit = TimeUnit.SECONDS)
class FakeServerCodecTest {
    private fun post(server: FakeLlmServer, provider: Provider): HttpURLConnection {
        val (path, body) = when (provider) {
            Provider.OPENAI_CHAT, Provider.OPENAI_COMPATIBLE -> "/v1/chat/completions" to
                """{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}"""
            Provider.OPENAI_RESPONSES -> "/v1/responses" to """{"model":"m","stream":true,"input":"hi"}"""
            Provider.ANTHROPIC -> "/v1/messages" to
                """{"model":"m","stream":true,"max_tokens":100,"messages":[{"role":"user","content":"hi"}]}"""
            Provider.OLLAMA -> "/api/chat" to """{"model":"m","messages":[{"role":"user","content":"hi"}]}"""
            Provider.GEMINI -> "/v1beta/models/m:streamGenerateContent?alt=sse" to
                """{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}"""
        }
        val connection = URL(server.baseUrl + path).openConnection() as HttpURLConnection
        connection.requestMethod = "POST"
        connection.doOutput = true
        connection.connectTimeout = 5_000
        connection.readTimeout = 10_000
        connection.setRequestProperty("Content-Type", "application/json")
        connection.outputStream.use { it.write(body.toByteArray()) }
        assertEquals(200, connection.responseCode)
        return connection
    }

    /** Reads the body as it arrives and stops at the terminal event. */
    private fun decode(connection: HttpURLConnection, provider: Provider): LlmResult {
        val decoder = LlmStreamDecoder(provider)
        connection.inputStream.use { input ->
            val sse = SseDecoder({ decoder.feed(it) })
            val lines = StringBuilder()
            val buffer = ByteArray(8192)
            while (!decoder.isTerminated) {
                val n = input.read(buffer)
                if (n < 0) break
                if (provider.isNdjson) {
                    lines.append(String(buffer, 0, n, Charsets.UTF_8)) // fine for this ASCII-only test
                    while ('\n' in lines) {
                        val line = lines.substring(0, lines.indexOf("\n"))
                        lines.delete(0, line.length + 1)
                        decoder.feedLine(line)
                    }
                } else {
                    sse.feed(buffer, 0, n)
                }
            }
        }
        decoder.end()
        return decoder.snapshot()
    }

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun codecReadsTheFakeServersStream(provider: Provider) {
        FakeLlmServer().start().use { server ->
            server.enqueue(
                ScriptBuilder().reasoning("Let me think", "sig-1").text("Hello from the fake server")
                    .toolCall("call_1", "get_weather", """{"city":"Paris"}""").usage(7, 11).build(),
            )
            val result = decode(post(server, provider), provider)
            assertTrue(result.isComplete, "terminal event seen")
            assertEquals("Hello from the fake server", result.text)
            assertEquals("Let me think", result.choices.single().reasoning)
            val call = result.toolCalls.single()
            assertEquals("get_weather", call.name)
            assertEquals("""{"city":"Paris"}""", call.arguments.replace(" ", ""))
            assertTrue(call.isComplete)
            assertEquals(11L, result.usage?.outputTokens)
        }
    }

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun codecRaisesTheFakeServersInStreamError(provider: Provider) {
        FakeLlmServer().start().use { server ->
            server.enqueue(ScriptBuilder().text("one two three four").fault(Fault.StreamError(2)).build())
            val e = assertFailsWith<LlmStreamException> { decode(post(server, provider), provider) }
            assertTrue(e.partial.text.isNotEmpty(), "partial text: '${e.partial.text}'")
            assertTrue("one two three four".startsWith(e.partial.text), e.partial.text)
            assertEquals("Fake in-stream error", e.providerMessage)
        }
    }
}
