package dev.sluice.testkit

import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.io.IOException
import java.net.InetAddress
import java.net.Socket
import java.net.SocketTimeoutException
import java.time.Duration
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** The faults that retries and timeouts are tested against. */
@Timeout(30)
class RetryFaultsTest {
    private val server = FakeLlmServer().start()

    @AfterEach
    fun stop() = server.close()

    private val threeTokens = ScriptBuilder().tokens("one", " two", " three")

    private fun chat(readTimeoutMillis: Int = 5_000) =
        post("${server.openAiBaseUrl}/chat/completions", chatBody("q"), readTimeoutMillis = readTimeoutMillis)

    private fun anthropic() =
        post("${server.anthropicBaseUrl}/v1/messages", """{"model":"m","max_tokens":10,"stream":true,"messages":[{"role":"user","content":"q"}]}""")

    @Test
    fun retryAfterCanBeSecondsAnHttpDateOrMillisAlone() {
        val date = Instant.parse("2030-01-02T03:04:05Z")
        server.enqueue(
            ScriptBuilder().fault(Fault.HttpError(429).withRetryAfterSeconds(3)).build(),
            ScriptBuilder().fault(Fault.HttpError(503).withRetryAfterDate(date)).build(),
            ScriptBuilder().fault(Fault.HttpError(529).withRetryAfterMillis(250)).build(),
        )

        val seconds = chat()
        val httpDate = chat()
        val millis = chat()

        assertEquals("3", seconds.header("Retry-After"))
        assertNull(seconds.header("retry-after-ms"))
        assertEquals("Wed, 02 Jan 2030 03:04:05 GMT", httpDate.header("Retry-After"))
        assertEquals(503, httpDate.status)
        assertEquals("250", millis.header("retry-after-ms"))
        assertNull(millis.header("Retry-After"))
        assertEquals(529, millis.status)
    }

    @Test
    fun shouldRetryHeaderReplacesTheOneAnthropicErrorsCarry() {
        server.enqueue(
            ScriptBuilder().fault(Fault.HttpError(529).withShouldRetry(false)).build(),
            ScriptBuilder().fault(Fault.HttpError(400).withShouldRetry(true)).build(),
        )

        assertEquals(listOf("false"), anthropic().headers.entries.first { it.key.equals("x-should-retry", true) }.value)
        assertEquals("true", chat().header("x-should-retry"))
    }

    @Test
    fun queuedFailuresAnswerOneRequestEachThenTheSuccessFollows() {
        val failure = ScriptBuilder().fault(Fault.HttpError(500)).build()
        server.enqueue(failure, failure, threeTokens.build())

        assertEquals(listOf(500, 500, 200), List(3) { chat().status })
        assertEquals(0, server.queuedScripts())
    }

    @Test
    fun dropBeforeResponseClosesTheConnectionWithoutAByte() {
        server.enqueue(ScriptBuilder().text("never").fault(Fault.DropBeforeResponse()).build())
        Socket(InetAddress.getByName("127.0.0.1"), server.port).use { socket ->
            socket.soTimeout = 5_000
            val body = chatBody("q").toByteArray()
            val head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                "Content-Length: ${body.size}\r\n\r\n"
            socket.getOutputStream().apply {
                write(head.toByteArray())
                write(body)
                flush()
            }
            val first = try {
                socket.getInputStream().read()
            } catch (e: IOException) {
                if (e is SocketTimeoutException) throw e
                -1 // reset by the server: also no byte
            }
            assertEquals(-1, first, "the server sent a byte")
        }
        assertEquals(1, server.requestCount())
    }

    @Test
    fun dropAfterHeadersSendsTheStatusButNoBody() {
        server.enqueue(threeTokens.fault(Fault.DropAfterHeaders()).build())

        val result = chat()

        assertEquals(200, result.status)
        assertEquals("", result.body)
        assertNotNull(result.failure, "the body must end abnormally")
    }

    @Test
    fun hangSendsTheFirstTokensThenNothingUntilTheClientLeaves() {
        server.enqueue(threeTokens.fault(Fault.Hang(2)).build())

        val result = chat(readTimeoutMillis = 200)

        assertTrue(result.failure is SocketTimeoutException, "got ${result.failure}")
        assertTrue(result.body.contains("\"one\"") && result.body.contains("\" two\""), result.body)
        assertFalse(result.body.contains("three"), result.body)
        assertTrue(server.awaitActiveStreams(0, Duration.ofSeconds(10)), "the hung stream did not end when the client left")
        assertEquals(1, server.clientDisconnects())
    }

    @Test
    fun trickleSendsTheWholeBodyByteByByte() {
        // A quarter of a millisecond per byte: the pauses (whole milliseconds) come every four bytes.
        server.enqueue(threeTokens.fault(Fault.Trickle(Duration.ofNanos(250_000))).build())
        val started = System.nanoTime()

        val result = chat()

        assertNull(result.failure)
        assertTrue(result.body.trimEnd().endsWith("data: [DONE]"), result.body)
        assertTrue(result.body.contains("\" three\""), result.body)
        assertTrue(System.nanoTime() - started >= result.body.length * 250_000L, "not paced byte by byte")
    }
}
