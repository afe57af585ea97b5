package dev.sluice.llm.client

import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmInterruptedException
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.chatRequest
import dev.sluice.testkit.FakeLlmServerExtension
import dev.sluice.testkit.Fault
import dev.sluice.testkit.script
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/** OpenAI Responses background mode against the fake server: sequence numbers, transparent resume, server-side cancel. */
@Timeout(30)
class ResponsesBackgroundTest {
    companion object {
        @JvmField
        @RegisterExtension
        val fakeServer = FakeLlmServerExtension()
    }

    private val fake get() = fakeServer.server()

    private val answer = script {
        reasoning("Think of rivers first.")
        text("Rivers carry water, sediment and life to the sea.")
        toolCall("call_1", "get_weather", """{"city":"Paris"}""", fragmentLength = 4)
        usage(7, 20)
    }

    private fun request(background: Boolean): ChatRequest = chatRequest {
        model = "m"
        user("Tell me about rivers")
        this.background = background
    }

    @Test
    fun everyResponsesEventCarriesItsSequenceNumber(): Unit = runBlocking {
        fake.enqueue(answer)
        clientFor(Provider.OPENAI_RESPONSES, fake).use { client ->
            val numbers = client.events(request(false)).toList().map { it.raw }.distinct().map { assertNotNull(it.sequenceNumber) }
            assertEquals((0L until numbers.size).toList(), numbers)
        }
    }

    @ParameterizedTest
    @ValueSource(ints = [0, 3, 9, 14])
    fun aDroppedBackgroundStreamIsResumedWithNothingTwiceAndNothingMissed(dropAfter: Int): Unit = runBlocking {
        fake.enqueue(answer)
        val unbroken = clientFor(Provider.OPENAI_RESPONSES, fake).use { client -> client.events(request(true)).toList() }
        val unbrokenResult = clientFor(Provider.OPENAI_RESPONSES, fake).use { client -> fake.enqueue(answer); client.complete(request(true)) }
        fake.clearRequests()

        fake.enqueue(answer.toBuilder().fault(Fault.DropConnection(dropAfter)).build(), answer.toBuilder().fault(Fault.DropConnection(dropAfter)).build())
        clientFor(Provider.OPENAI_RESPONSES, fake).use { client ->
            val events = client.events(request(true)).toList()
            assertEquals(unbroken.map(::normalized), events.map(::normalized))
            assertEquals(unbroken.map { it.raw.sequenceNumber }, events.map { it.raw.sequenceNumber })
            val result = client.complete(request(true))
            assertEquals(normalized(unbrokenResult.choices), normalized(result.choices))
            assertEquals(normalized(unbrokenResult.toProviderJson()), normalized(result.toProviderJson()))
            assertEquals(1, result.metrics!!.resumptions)
            assertEquals(0, result.metrics!!.retries)
        }
        val resumes = fake.requests().filter { it.method == "GET" }
        assertEquals(2, resumes.size, fake.requests().toString())
        assertTrue(resumes.all { it.query.startsWith("stream=true&starting_after=") }, resumes.toString())
        assertTrue(resumes.all { it.header("Authorization") == "Bearer $TEST_KEY" })
    }

    /** An event or JSON with the fake's per-request ids and clock taken out, to compare two replies. */
    private fun normalized(value: Any): String =
        value.toString().replace(Regex("(resp|msg|rs|fc)_fake_\\d+"), "$1_fake_N").replace(Regex("\"created_at\":\\d+"), "\"created_at\":0")

    @Test
    fun withoutBackgroundADropStaysAnInterruptedStream(): Unit = runBlocking {
        fake.enqueue(answer.toBuilder().fault(Fault.DropConnection(5)).build())
        clientFor(Provider.OPENAI_RESPONSES, fake).use { client ->
            val e = assertFailsWith<LlmInterruptedException> { client.complete(request(false)) }
            assertTrue(e.partial!!.text.isNotEmpty() || e.partial!!.choices.isNotEmpty())
        }
        assertTrue(fake.requests().none { it.method == "GET" })
    }

    @Test
    fun cancellingABackgroundCallCancelsTheResponseOnTheServer(): Unit = runBlocking {
        fake.enqueue(slowScript())
        clientFor(Provider.OPENAI_RESPONSES, fake).use { client ->
            val firstEvents = client.events(request(true)).take(5).toList()
            val id = (firstEvents.first() as LlmEvent.StreamStarted).id
            assertEquals(listOf(id), fake.cancelledResponses())
            val cancel = fake.requests().single { it.path.endsWith("/cancel") }
            assertEquals("POST", cancel.method)
            assertEquals("/v1/responses/$id/cancel", cancel.path)
            assertEquals("Bearer $TEST_KEY", cancel.header("Authorization"))
        }
    }

    @Test
    fun cancellingAnOrdinaryCallSendsNoCancel(): Unit = runBlocking {
        fake.enqueue(slowScript())
        clientFor(Provider.OPENAI_RESPONSES, fake).use { client -> client.events(request(false)).take(5).toList() }
        assertTrue(fake.requests().none { it.path.endsWith("/cancel") })
        assertTrue(fake.cancelledResponses().isEmpty())
    }
}
