package dev.sluice.testkit

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.net.Socket
import java.net.SocketTimeoutException
import java.time.Duration
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

@Timeout(30)
class FaultsTest {
    private val server = FakeLlmServer().start()

    @AfterEach
    fun stop() = server.close()

    private val threeTokens = ScriptBuilder().tokens("one", " two", " three")

    private fun chat(body: String = chatBody("q"), readTimeoutMillis: Int = 5_000) =
        post("${server.openAiBaseUrl}/chat/completions", body, readTimeoutMillis = readTimeoutMillis)

    private fun responses() = post("${server.openAiBaseUrl}/responses", """{"model":"m","stream":true,"input":"q"}""")

    private fun anthropic(stream: Boolean = true) =
        post("${server.anthropicBaseUrl}/v1/messages", """{"model":"m","max_tokens":10,"stream":$stream,"messages":[{"role":"user","content":"q"}]}""")

    private fun ollama() = post("${server.ollamaBaseUrl}/api/chat", """{"model":"m","messages":[{"role":"user","content":"q"}]}""")

    private fun chatContents(body: String) = parseSse(body).filter { it.data != "[DONE]" }.map { it.json() }
        .filter { it.containsKey("choices") && it["choices"]!!.jsonArray.isNotEmpty() }
        .mapNotNull { it.choice().obj("delta")["content"]?.takeIf { c -> c != JsonNull }?.let { c -> Json.decodeFromJsonElement(kotlinx.serialization.serializer<String>(), c) } }
        .filter { it.isNotEmpty() }

    @Test
    fun httpErrorHasOpenAiShapeAndRetryHeaders() {
        server.enqueue(ScriptBuilder().fault(Fault.HttpError(429, retryAfter = Duration.ofMillis(1500))).build())

        val result = chat()

        assertEquals(429, result.status)
        assertEquals("2", result.header("retry-after"))
        assertEquals("1500", result.header("retry-after-ms"))
        assertNotNull(result.header("x-request-id"))
        val error = result.json().obj("error")
        assertEquals("requests", error.str("type"))
        assertEquals("rate_limit_exceeded", error.str("code"))
        assertEquals(JsonNull, error["param"])
        assertEquals("Fake server error (HTTP 429)", error.str("message"))
    }

    @Test
    fun httpErrorHasAnthropicShapeWithOverloadedFor529() {
        server.enqueue(ScriptBuilder().fault(Fault.HttpError(529)).build())

        val result = anthropic()

        assertEquals(529, result.status)
        val body = result.json()
        assertEquals("error", body.str("type"))
        assertEquals("overloaded_error", body.obj("error").str("type"))
        assertEquals(result.header("request-id"), body.str("request_id"))
        assertEquals("true", result.header("x-should-retry"))
    }

    @Test
    fun httpErrorCustomTypeOnResponsesAndPlainMessageOnOllama() {
        server.enqueue(
            ScriptBuilder().fault(Fault.HttpError(429, "insufficient_quota", "You exceeded your current quota")).build(),
            ScriptBuilder().fault(Fault.HttpError(404, message = "model 'nope' not found")).build(),
        )

        val openAi = responses()
        val ollama = ollama()

        assertEquals(429, openAi.status)
        assertEquals("insufficient_quota", openAi.json().obj("error").str("type"))
        assertEquals("You exceeded your current quota", openAi.json().obj("error").str("message"))
        assertEquals(404, ollama.status)
        assertEquals("""{"error":"model 'nope' not found"}""", ollama.body)
    }

    @Test
    fun chatStreamErrorIsAnErrorDataEventWithoutDone() {
        server.enqueue(threeTokens.fault(Fault.StreamError(2, "server_error", "The server had an error")).build())

        val result = chat()

        assertEquals(200, result.status)
        val events = parseSse(result.body)
        assertFalse(events.any { it.data == "[DONE]" })
        assertEquals(listOf("one", " two"), chatContents(result.body))
        val error = events.last().json().obj("error")
        assertEquals("server_error", error.str("type"))
        assertEquals("The server had an error", error.str("message"))
    }

    @Test
    fun anthropicStreamErrorIsAnErrorEvent() {
        server.enqueue(threeTokens.fault(Fault.StreamError(1)).build())

        val events = parseSse(anthropic().body)

        assertEquals(1, events.count { it.event == "content_block_delta" })
        assertEquals("error", events.last().event)
        assertEquals("overloaded_error", events.last().json().obj("error").str("type"))
        assertFalse(events.any { it.event == "message_stop" })
    }

    @Test
    fun responsesStreamErrorIsErrorThenResponseFailed() {
        server.enqueue(
            ScriptBuilder().text("done item").toolCall("call_1", "f", "{}").fault(Fault.StreamError(2, "rate_limit_exceeded", "slow down")).build(),
        )

        val events = parseSse(responses().body)

        assertEquals(listOf("error", "response.failed"), events.takeLast(2).map { it.event })
        val error = events[events.size - 2].json()
        assertEquals("rate_limit_exceeded", error.str("code"))
        assertEquals("slow down", error.str("message"))
        val failed = events.last().json().obj("response")
        assertEquals("failed", failed.str("status"))
        assertEquals("rate_limit_exceeded", failed.obj("error").str("code"))
        assertEquals(listOf("message"), failed["output"]!!.jsonArray.map { it.jsonObject.str("type") }, "finished items only")
        events.forEachIndexed { i, e -> assertEquals(i, e.json().int("sequence_number")) }
    }

    @Test
    fun ollamaStreamErrorIsAnErrorLine() {
        server.enqueue(threeTokens.fault(Fault.StreamError(0, message = "model crashed")).build())

        val result = ollama()

        assertEquals("""{"error":"model crashed"}""" + "\n", result.body)
    }

    @Test
    fun faultBeyondTheLastTokenActsBeforeTheClosingEvents() {
        server.enqueue(threeTokens.fault(Fault.StreamError(100)).build())

        val result = chat()

        assertEquals(listOf("one", " two", " three"), chatContents(result.body))
        val chunks = parseSse(result.body).dropLast(1).map { it.json() }
        assertTrue(chunks.none { it.containsKey("choices") && it.choice()["finish_reason"] != JsonNull })
        assertTrue(parseSse(result.body).last().json().containsKey("error"))
    }

    @Test
    fun streamErrorWithoutStreamingIsAnHttp500() {
        server.enqueue(threeTokens.fault(Fault.StreamError(1, "api_error", "boom")).build())

        val result = anthropic(stream = false)

        assertEquals(500, result.status)
        assertEquals("api_error", result.json().obj("error").str("type"))
    }

    @Test
    fun dropConnectionCutsTheChunkedBodyAfterNTokensOnTheWire() {
        server.enqueue(threeTokens.fault(Fault.DropConnection(2)).build())

        val raw = rawPost(server.port, "/v1/chat/completions", chatBody("q"))

        assertTrue(raw.startsWith("HTTP/1.1 200"), raw)
        assertTrue(raw.contains("Transfer-Encoding: chunked", ignoreCase = true), raw)
        assertTrue(raw.contains("\"content\":\" two\""), raw)
        assertFalse(raw.contains("three"), raw)
        assertFalse(raw.contains("[DONE]"), raw)
        assertFalse(raw.removeSuffix("<reset>").endsWith("0\r\n\r\n"), "no terminating chunk: $raw")
        assertTrue(server.awaitActiveStreams(0, Duration.ofSeconds(5)))
        assertEquals(0, server.clientDisconnects(), "a drop on purpose is not a client disconnect")
    }

    @Test
    fun droppedBodyIsAnErrorForAnHttpClient() {
        server.enqueue(threeTokens.fault(Fault.DropConnection(1)).build())

        val result = chat()

        assertNotNull(result.failure, "the client must see a broken body, got: ${result.body}")
        assertFalse(result.body.contains("three"))
    }

    @Test
    fun dropConnectionOnOllamaCutsTheNdjson() {
        server.enqueue(threeTokens.fault(Fault.DropConnection(1)).build())

        val raw = rawPost(server.port, "/api/chat", """{"model":"m","messages":[{"role":"user","content":"q"}]}""")

        assertTrue(raw.contains("\"content\":\"one\""), raw)
        assertFalse(raw.contains("two"), raw)
        assertFalse(raw.contains("\"done\":true"), raw)
    }

    @Test
    fun stallMakesAShortReadTimeoutFireAndCloseDoesNotWaitForIt() {
        server.enqueue(threeTokens.fault(Fault.Stall(1, Duration.ofSeconds(60))).build())

        val result = chat(readTimeoutMillis = 300)

        assertTrue(result.failure is SocketTimeoutException, "expected a read timeout, got ${result.failure}")
        assertEquals(listOf("one"), chatContents(result.body))
        server.close()
        assertFalse(server.isRunning())
        assertEquals(0, server.activeStreams())
    }

    @Test
    fun aStallEndsWhenTheClientLeaves() {
        server.enqueue(threeTokens.fault(Fault.Stall(1, Duration.ofSeconds(60))).build())

        assertTrue(chat(readTimeoutMillis = 300).failure is SocketTimeoutException)

        assertTrue(server.awaitActiveStreams(0, Duration.ofSeconds(5)), "the stall outlived its client")
        assertEquals(1, server.clientDisconnects())
    }

    @Test
    fun aTrickleEndsWhenTheClientLeaves() {
        server.enqueue(threeTokens.fault(Fault.Trickle(Duration.ofMillis(50))).build()) // about 40 s in all
        Socket("127.0.0.1", server.port).use { socket ->
            socket.soTimeout = 5_000
            val body = chatBody("q").toByteArray()
            val head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                "Content-Length: ${body.size}\r\n\r\n"
            socket.getOutputStream().write(head.toByteArray() + body)
            val input = socket.getInputStream()
            val seen = StringBuilder()
            while (!seen.endsWith("\r\n\r\n")) seen.append(input.read().also { check(it >= 0) { "ended: $seen" } }.toChar())
            assertEquals("1\r\nd", String(input.readNBytes(4))) // the body's first byte, in a chunk of its own
        }

        assertTrue(server.awaitActiveStreams(0, Duration.ofSeconds(5)), "the trickle outlived its client")
        assertEquals(1, server.clientDisconnects())
    }

    @Test
    fun shortStallThenTheStreamGoesOn() {
        server.enqueue(threeTokens.fault(Fault.Stall(2, Duration.ofMillis(50))).build())

        val result = chat()

        assertNull(result.failure)
        assertEquals(listOf("one", " two", " three"), chatContents(result.body))
        assertEquals("[DONE]", parseSse(result.body).last().data)
    }

    @Test
    fun delayedHeadersMakeAShortReadTimeoutFire() {
        server.enqueue(threeTokens.fault(Fault.DelayHeaders(Duration.ofSeconds(60))).build())

        assertFailsWith<SocketTimeoutException> { chat(readTimeoutMillis = 300) }
    }

    @Test
    fun pacedScriptStillDeliversEveryToken() {
        server.enqueue(threeTokens.timeToFirstToken(Duration.ofMillis(30)).tokenDelay(Duration.ofMillis(10)).build())

        assertEquals(listOf("one", " two", " three"), chatContents(chat().body))
    }

    @Test
    fun pacingLongerThanTheClientTimeoutMakesItFire() {
        server.enqueue(threeTokens.timeToFirstToken(Duration.ofSeconds(60)).build())

        val result = chat(readTimeoutMillis = 300)

        assertTrue(result.failure is SocketTimeoutException, "expected a read timeout, got ${result.failure}")
        assertEquals(emptyList(), chatContents(result.body))
    }
}
