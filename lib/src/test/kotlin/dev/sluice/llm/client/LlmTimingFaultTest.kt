package dev.sluice.llm.client

import dev.sluice.http.TimeoutLimit
import dev.sluice.llm.client.FaultRows.faulty
import dev.sluice.llm.LlmTimeoutException
import dev.sluice.llm.request.Provider
import dev.sluice.testkit.FakeLlmServerExtension
import dev.sluice.testkit.Fault
import dev.sluice.testkit.script
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.nanoseconds
import kotlin.time.Duration.Companion.seconds

/**
 * The fault suite's rows that need the clock, for every LLM view over real loopback sockets: a
 * stall fires the idle limit, no first token fires the first-token limit, a trickle that never
 * stalls completes. Each limit is short (200 ms) and the stalls end as soon as the client leaves;
 * [LlmFaultMatrixTest] has the status and retry rows, [LlmEndingsFaultTest] the endings.
 */
@Timeout(30)
class LlmTimingFaultTest {
    companion object {
        @JvmField
        @RegisterExtension
        val fakeServer = FakeLlmServerExtension()

    }

    private val fake get() = fakeServer.server()

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun aStallAfterTokensFiresTheIdleTimeout(view: LlmView) {
        val disconnects = fake.clientDisconnects()
        val outcome = fake.runView(view, Provider.OPENAI_CHAT, faulty(Fault.Hang(2))) { idleTimeout = 200.milliseconds }
        val e = assertIs<LlmTimeoutException>(outcome.error)
        assertEquals(TimeoutLimit.IDLE, e.limit)
        assertEquals(200.milliseconds, e.timeout)
        assertContains(e.message!!, "idleTimeout")
        assertEquals("one two", outcome.seen(view, e.partial.text))
        assertTrue(fake.awaitActiveStreams(0, java.time.Duration.ofSeconds(5)), "the connection stayed open")
        assertEquals(disconnects + 1, fake.clientDisconnects(), "the client closed the stalled connection")
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun noFirstTokenFiresTheFirstTokenTimeout(view: LlmView) {
        val outcome = fake.runView(view, Provider.OPENAI_RESPONSES, faulty(Fault.Hang(0))) {
            firstTokenTimeout = 200.milliseconds
            idleTimeout = 50.milliseconds // not yet: the answer never began
        }
        val e = assertIs<LlmTimeoutException>(outcome.error)
        assertEquals(TimeoutLimit.FIRST_TOKEN, e.limit)
        assertEquals(1, e.attempts)
        assertEquals(emptyList(), outcome.events, "the held start is not delivered")
        assertTrue(fake.awaitActiveStreams(0, java.time.Duration.ofSeconds(5)), "the connection stayed open")
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun aTrickleThatNeverStallsCompletes(view: LlmView) {
        // About 400 bytes, 0.75 ms apart: the body takes longer than the idle limit, and so does its
        // last line alone (about 280 bytes), so a limit reset per line instead of per byte fires too;
        // each byte takes far less.
        val short = script { text("hi"); fault(Fault.Trickle(java.time.Duration.ofNanos(750_000))) }
        val started = System.nanoTime()
        val outcome = fake.runView(view, Provider.OLLAMA, short) {
            firstTokenTimeout = 5.seconds
            idleTimeout = 150.milliseconds // far longer than a byte's wait, far shorter than the whole body's
        }
        assertTrue((System.nanoTime() - started).nanoseconds > 150.milliseconds, "the trickle outlasted no idle limit: it proves nothing")
        assertNull(outcome.error, "failed: ${outcome.error}")
        assertEquals("hi", outcome.result?.text ?: outcome.deliveredText)
        assertEquals(1, fake.requestCount())
    }
}
