package dev.sluice.llm.client

import dev.sluice.http.RetryPolicy
import dev.sluice.http.TimeoutLimit
import dev.sluice.http.HttpTransportException
import dev.sluice.http.UnexpectedContentTypeException
import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmClientOptions
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmHttpException
import dev.sluice.llm.LlmInterruptedException
import dev.sluice.llm.LlmStreamException
import dev.sluice.llm.LlmTimeoutException
import dev.sluice.llm.client.FaultRows.faulty
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.LlmRequestException
import dev.sluice.llm.request.Provider
import dev.sluice.testkit.FakeLlmServerExtension
import dev.sluice.testkit.Fault
import dev.sluice.testkit.script
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import java.time.Duration
import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds

/** Errors, cancellation and timeouts of LLM calls over loopback sockets. */
@Timeout(30)
class LlmClientFailureTest {
    companion object {
        @JvmField
        @RegisterExtension
        val fakeServer = FakeLlmServerExtension()
    }

    private val fake get() = fakeServer.server()

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun inStreamErrorIsTypedAndCarriesThePartialResult(provider: Provider): Unit = runBlocking {
        fake.enqueue(faulty(Fault.StreamError(2, "server_error", "boom")))
        val delivered = ArrayList<String>()
        val e = assertFailsWith<LlmStreamException> {
            clientFor(provider, fake).use { client -> client.text(requestFor()).collect { delivered += it } }
        }
        assertEquals(listOf("one", " two"), delivered)
        assertEquals("", e.partial.text, "the text view keeps no text: the caller has it")
        assertFalse(e.partial.isComplete)
        fake.enqueue(faulty(Fault.StreamError(2, "server_error", "boom")))
        val accumulated = assertFailsWith<LlmStreamException> { clientFor(provider, fake).use { it.complete(requestFor()) } }
        assertEquals("one two", accumulated.partial.text)
        assertEquals(provider, e.provider)
        assertEquals(if (provider == Provider.OLLAMA) "error" else "server_error", e.errorType) // Ollama sends a bare message
        assertEquals("boom", e.providerMessage)
        assertTrue(e.isRetryable || provider == Provider.OLLAMA)
    }

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun httpErrorStatusIsTypedWithTheProvidersErrorAndNoRequestLeftOpen(provider: Provider): Unit = runBlocking {
        fake.enqueue(faulty(Fault.HttpError(529, "overloaded_error", "Overloaded right now")))
        val once = LlmClientOptions().apply { retryPolicy = RetryPolicy.none() }
        val e = assertFailsWith<LlmHttpException> { clientFor(provider, fake, once).use { it.complete(requestFor()) } }
        assertEquals(529, e.status)
        assertEquals(provider, e.provider)
        assertEquals(if (provider == Provider.OLLAMA) null else "overloaded_error", e.errorType)
        assertEquals("Overloaded right now", e.providerMessage)
        assertTrue(e.requestId!!.startsWith("req_fake_"))
        assertTrue(e.isRetryable)
        assertTrue(e.message!!.contains("HTTP 529") && e.message!!.contains("Overloaded right now"), e.message)
        assertFalse(e.message!!.contains(TEST_KEY))
    }

    @Test
    fun clientErrorStatusIsNotRetryable(): Unit = runBlocking {
        fake.enqueue(faulty(Fault.HttpError(400, "invalid_request_error", "bad model")))
        val e = assertFailsWith<LlmHttpException> { clientFor(Provider.OPENAI_CHAT, fake).use { it.complete(requestFor()) } }
        assertEquals(400, e.status)
        assertEquals("invalid_request_error", e.errorType)
        assertFalse(e.isRetryable)
    }

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun cancellingTheCollectorMidAnswerClosesTheConnection(provider: Provider): Unit = runBlocking {
        // The server sends three tokens, then nothing until the client leaves: only the client's close ends it.
        fake.enqueue(script { tokens((1..200).map { " t$it" }); fault(Fault.Hang(3)) })
        val disconnectsBefore = fake.clientDisconnects()
        clientFor(provider, fake).use { client ->
            val first = client.text(requestFor()).take(3).toList()
            assertEquals(listOf(" t1", " t2", " t3"), first)
            assertTrue(fake.awaitActiveStreams(0, Duration.ofSeconds(5)), "streams still open: ${fake.activeStreams()}")
            assertEquals(disconnectsBefore + 1, fake.clientDisconnects())
        }
    }

    @ParameterizedTest
    @EnumSource(Provider::class)
    fun droppedConnectionIsInterruptedWithThePartialResult(provider: Provider): Unit = runBlocking {
        fake.enqueue(faulty(Fault.DropConnection(3)))
        val e = assertFailsWith<LlmInterruptedException> { clientFor(provider, fake).use { it.complete(requestFor()) } }
        assertEquals("one two three", e.partial.text)
        assertFalse(e.partial.isComplete)
    }

    @Test
    fun idleTimeoutFiresWhenTheServerStallsAndKeepsThePartial(): Unit = runBlocking {
        fake.enqueue(faulty(Fault.Hang(2)))
        val options = LlmClientOptions().idleTimeout(Duration.ofMillis(300))
        val e = assertFailsWith<LlmTimeoutException> { clientFor(Provider.ANTHROPIC, fake, options).use { it.complete(requestFor()) } }
        assertTrue(e.isIdle)
        assertEquals(TimeoutLimit.IDLE, e.limit)
        assertEquals(300.milliseconds, e.timeout)
        assertEquals("one two", e.partial.text)
        assertTrue(fake.awaitActiveStreams(0, Duration.ofSeconds(5)), "the stalled connection stayed open")
    }

    @Test
    fun firstTokenTimeoutCoversWaitingForTheResponseHeaders(): Unit = runBlocking {
        fake.enqueue(faulty(Fault.DelayHeaders(Duration.ofSeconds(5))))
        val options = LlmClientOptions().firstTokenTimeout(Duration.ofMillis(300)).idleTimeout(Duration.ofMillis(100))
        val e = assertFailsWith<LlmTimeoutException> { clientFor(Provider.OPENAI_CHAT, fake, options).use { it.complete(requestFor()) } }
        assertEquals(TimeoutLimit.FIRST_TOKEN, e.limit, "the idle limit only runs once the answer began")
        assertEquals(java.time.Duration.ofMillis(300), e.getTimeout())
        assertEquals("", e.partial.text)
    }

    @Test
    fun totalTimeoutEndsALongAnswer(): Unit = runBlocking {
        fake.enqueue(slowScript())
        val options = LlmClientOptions().totalTimeout(Duration.ofMillis(400))
        val delivered = ArrayList<String>()
        val e = assertFailsWith<LlmTimeoutException> {
            clientFor(Provider.OPENAI_RESPONSES, fake, options).use { client -> client.text(requestFor()).collect { delivered += it } }
        }
        assertEquals(TimeoutLimit.TOTAL, e.limit)
        assertTrue(delivered.isNotEmpty())
        assertEquals("", e.partial.text, "the text view keeps no text: the caller has it")
        assertTrue(fake.awaitActiveStreams(0, Duration.ofSeconds(5)))
    }

    @Test
    fun keepAlivesResetTheIdleTimeoutSoSlowTokensAreFine(): Unit = runBlocking {
        fake.enqueue(script { tokens("a", "b", "c", "d"); tokenDelay(Duration.ofMillis(100)) })
        // 400 ms of answer under a 300 ms idle limit: each gap is shorter than the limit, the whole is not
        val options = LlmClientOptions().idleTimeout(Duration.ofMillis(300))
        val result = clientFor(Provider.OPENAI_CHAT, fake, options).use { it.complete(requestFor()) }
        assertEquals("abcd", result.text)
    }

    @Test
    fun anExceptionOfTheCollectorPassesThroughUntouched(): Unit = runBlocking {
        val mine = IllegalArgumentException("the collector's own failure")
        val thrown = assertFailsWith<IllegalArgumentException> {
            clientFor(Provider.OPENAI_CHAT, fake).use { client -> client.events(requestFor()).collect { if (it is LlmEvent.TextDelta) throw mine } }
        }
        // coroutines' stack-trace recovery may hand over a copy whose cause is the original
        assertTrue(thrown === mine || thrown.cause === mine, "got $thrown")
    }

    @Test
    fun aRequestTheProviderCannotExpressFailsBeforeSending(): Unit = runBlocking {
        val request = ChatRequest.builder().model("m").user("hi").n(2).build()
        assertFailsWith<LlmRequestException> { clientFor(Provider.ANTHROPIC, fake).use { it.complete(request) } }
        assertEquals(0, fake.requestCount())
    }

    @Test
    fun terminalEventEndsTheStreamWhileTheServerKeepsTheConnectionOpen(): Unit = runBlocking {
        val body = chatChunk("Hello") + chatChunk(" world", "stop") + "data: [DONE]\n\n"
        rawServer(sseResponse(body)).use { server ->
            val client = LlmClient(Provider.OPENAI_COMPATIBLE, server.url)
            val result = withTimeout(5_000) { client.use { it.complete(requestFor()) } }
            assertEquals("Hello world", result.text)
            assertTrue(result.isComplete)
            assertEquals("req_raw", result.metrics?.requestId)
            assertTrue(server.awaitClientsGone(5_000), "the client kept the connection open after [DONE]")
        }
    }

    @Test
    fun anthropicMessageStopEndsTheStreamWhileTheServerKeepsTheConnectionOpen(): Unit = runBlocking {
        val body = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[],"stop_reason":null,"usage":{"input_tokens":3,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}

            event: message_stop
            data: {"type":"message_stop"}


        """.trimIndent()
        rawServer(sseResponse(body)).use { server ->
            val result = withTimeout(5_000) { LlmClient(Provider.ANTHROPIC, server.url, "k").use { it.complete(requestFor()) } }
            assertEquals("Hi", result.text)
            assertEquals(2L, result.usage?.outputTokens)
            assertTrue(server.awaitClientsGone(5_000), "the client kept the connection open after message_stop")
        }
    }

    @Test
    fun aCompatibleServerThatOmitsDoneStillCompletesOnceEveryChoiceFinished(): Unit = runBlocking {
        val body = chatChunk("Hi") + chatChunk(null, "stop")
        rawServer(sseResponse(body, terminate = true), closeAfterWrite = true).use { server ->
            val result = LlmClient(Provider.OPENAI_COMPATIBLE, server.url).use { it.complete(requestFor()) }
            assertEquals("Hi", result.text)
            assertFalse(result.isComplete)
        }
    }

    @Test
    fun aChunkedStreamClosedWithoutItsTerminatingChunkIsInterruptedByATransportError(): Unit = runBlocking {
        rawServer(sseResponse(chatChunk("Half")), closeAfterWrite = true).use { server ->
            val e = assertFailsWith<LlmInterruptedException> {
                LlmClient(Provider.OPENAI_COMPATIBLE, server.url).use { it.complete(requestFor()) }
            }
            assertEquals("Half", e.partial.text)
            val cause = assertIs<HttpTransportException>(e.cause)
            assertTrue(cause.message!!.contains("chunked body ended without its terminating chunk"), cause.message)
        }
    }

    @Test
    fun aStreamThatEndsProperlyBeforeItsTerminalEventIsInterruptedWithoutCause(): Unit = runBlocking {
        rawServer(sseResponse(chatChunk("Half"), terminate = true), closeAfterWrite = true).use { server ->
            val e = assertFailsWith<LlmInterruptedException> {
                LlmClient(Provider.OPENAI_COMPATIBLE, server.url).use { it.complete(requestFor()) }
            }
            assertEquals("Half", e.partial.text)
            assertNull(e.cause)
            assertTrue(e.message!!.contains("before its terminal event"), e.message)
        }
    }

    @Test
    fun aResponseThatIsNotAnEventStreamFailsClearly(): Unit = runBlocking {
        val response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
        rawServer(response, closeAfterWrite = true).use { server ->
            assertFailsWith<UnexpectedContentTypeException> {
                LlmClient(Provider.OPENAI_COMPATIBLE, server.url).use { it.complete(requestFor()) }
            }
        }
    }
}
