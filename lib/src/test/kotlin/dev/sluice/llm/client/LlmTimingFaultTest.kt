package dev.sluice.llm.client

import dev.sluice.http.TimeoutLimit
import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmClientOptions
import dev.sluice.llm.LlmTimeoutException
import dev.sluice.llm.request.Provider
import dev.sluice.testkit.FakeLlmServerExtension
import dev.sluice.testkit.Fault
import dev.sluice.testkit.Script
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

        private val ANSWER = script { text("one two three four five") }
    }

    private val fake get() = fakeServer.server()

    private fun run(view: LlmView, provider: Provider, script: Script, tune: LlmClientOptions.() -> Unit): ViewOutcome {
        fake.enqueue(script)
        return view.run(LlmClient(configFor(provider, fake), LlmClientOptions().apply(tune)), requestFor())
    }

    private fun fault(fault: Fault): Script = ANSWER.toBuilder().fault(fault).build()

    /** What the view saw of the answer before the error: delivered deltas, or the partial result of accumulating views. */
    private fun ViewOutcome.seen(view: LlmView, partial: String): String = if (view.accumulates) partial else deliveredText

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun aStallAfterTokensFiresTheIdleTimeout(view: LlmView) {
        val disconnects = fake.clientDisconnects()
        val outcome = run(view, Provider.OPENAI_CHAT, fault(Fault.Hang(2))) { idleTimeout = 200.milliseconds }
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
        val outcome = run(view, Provider.OPENAI_RESPONSES, fault(Fault.Hang(0))) {
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
        // About 400 bytes, 1 ms apart: the body takes longer than the idle limit, each byte far less.
        val short = script { text("hi"); fault(Fault.Trickle(java.time.Duration.ofMillis(1))) }
        val started = System.nanoTime()
        val outcome = run(view, Provider.OLLAMA, short) {
            firstTokenTimeout = 5.seconds
            idleTimeout = 200.milliseconds // far longer than a byte's wait, far shorter than the whole body's
        }
        assertTrue((System.nanoTime() - started).nanoseconds > 200.milliseconds, "the trickle outlasted no idle limit: it proves nothing")
        assertNull(outcome.error, "failed: ${outcome.error}")
        assertEquals("hi", outcome.result?.text ?: outcome.deliveredText)
        assertEquals(1, fake.requestCount())
    }
}
