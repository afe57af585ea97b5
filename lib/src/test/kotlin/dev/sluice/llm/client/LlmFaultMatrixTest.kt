package dev.sluice.llm.client

import dev.sluice.internal.http.TransportTime
import dev.sluice.llm.LlmHttpException
import dev.sluice.llm.LlmInterruptedException
import dev.sluice.llm.LlmStreamException
import dev.sluice.llm.client.FaultRows.ANSWER
import dev.sluice.llm.client.FaultRows.faulty
import dev.sluice.llm.request.Provider
import dev.sluice.metrics.MetricsListener
import dev.sluice.testkit.FakeLlmServerExtension
import dev.sluice.testkit.Fault
import dev.sluice.testkit.Script
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import java.time.Instant
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * Every LLM view (Kotlin flow, Java publisher, future, blocking iterator) against the faults
 * production streams meet, over real loopback sockets. Retry waits are recorded, never slept.
 * [LlmTimingFaultTest] has the rows that need the clock (stalls, hangs, trickles).
 */
@Timeout(30)
class LlmFaultMatrixTest {
    companion object {
        @JvmField
        @RegisterExtension
        val fakeServer = FakeLlmServerExtension()

        private const val WALL_MILLIS = 1_900_000_000_000L
    }

    private val fake get() = fakeServer.server()
    private val waits = CopyOnWriteArrayList<Duration>()
    private val retriesHeard = AtomicInteger()

    /** One call through [view]; retry waits are recorded in [waits], retries heard counted in [retriesHeard]. */
    private fun run(view: LlmView, provider: Provider, vararg scripts: Script): ViewOutcome =
        fake.runView(view, provider, *scripts) {
            time = TransportTime(wallMillis = { WALL_MILLIS }, sleep = { waits += it }, jitter = { 1.0 })
            metricsListener = object : MetricsListener {
                override fun onRetry(retry: Int) {
                    retriesHeard.incrementAndGet()
                }
            }
        }

    /** The call succeeded with the whole answer after [retries] retries, each delivered once. */
    private fun ViewOutcome.assertAnswered(view: LlmView, retries: Int) {
        assertNull(error, "failed: $error")
        if (view != LlmView.FUTURE) assertEquals(ANSWER.text(), deliveredText)
        if (view != LlmView.FUTURE) assertEquals(1, starts, "the answer's start was delivered once")
        result?.let { assertEquals(ANSWER.text(), it.text) }
        result?.let { assertEquals(retries, it.metrics!!.retries) }
        assertEquals(retries, retriesHeard.get(), "MetricsListener.onRetry per retry")
        assertEquals(retries + 1, fake.requestCount())
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun rateLimitedWithRetryAfterSecondsThenAnswered(view: LlmView) {
        run(view, Provider.OPENAI_CHAT, faulty(Fault.HttpError(429).withRetryAfterSeconds(2)), ANSWER).assertAnswered(view, 1)
        assertEquals(listOf(2.seconds), waits)
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun rateLimitedWithRetryAfterAsHttpDateThenAnswered(view: LlmView) {
        val date = Instant.ofEpochMilli(WALL_MILLIS).plusSeconds(3)
        run(view, Provider.ANTHROPIC, faulty(Fault.HttpError(429).withRetryAfterDate(date)), ANSWER).assertAnswered(view, 1)
        assertEquals(listOf(3.seconds), waits)
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun serverErrorThreeTimesFailsAfterTwoRetries(view: LlmView) {
        val error = faulty(Fault.HttpError(500))
        val outcome = run(view, Provider.OPENAI_RESPONSES, error, error, error, ANSWER)
        val e = assertIs<LlmHttpException>(outcome.error)
        assertEquals(500, e.status)
        assertEquals(3, e.attempts)
        assertEquals(3, fake.requestCount())
        assertEquals(listOf(0.5.seconds, 1.seconds), waits)
        assertEquals("", outcome.deliveredText)
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun overloaded529IsRetried(view: LlmView) {
        run(view, Provider.ANTHROPIC, faulty(Fault.HttpError(529)), ANSWER).assertAnswered(view, 1)
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun unauthorizedIsNotRetried(view: LlmView) {
        val outcome = run(view, Provider.GEMINI, faulty(Fault.HttpError(401)), ANSWER)
        val e = assertIs<LlmHttpException>(outcome.error)
        assertEquals(401, e.status)
        assertEquals(1, e.attempts)
        assertEquals(1, fake.requestCount())
        assertEquals(emptyList(), waits)
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun quotaExhaustedIsNotRetried(view: LlmView) {
        val e = assertIs<LlmHttpException>(run(view, Provider.OPENAI_CHAT, faulty(Fault.HttpError(429, "insufficient_quota")), ANSWER).error)
        assertEquals(1, e.attempts)
        assertEquals(1, fake.requestCount())
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun retryAfterAboveTheCapFailsAtOnceNamingTheDelay(view: LlmView) {
        val e = assertIs<LlmHttpException>(run(view, Provider.OPENAI_CHAT, faulty(Fault.HttpError(429).withRetryAfterSeconds(120)), ANSWER).error)
        assertEquals(120.seconds, e.retryAfter)
        assertContains(e.message!!, "retry after 2m")
        assertEquals(1, e.attempts)
        assertEquals(emptyList(), waits)
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun droppedBeforeTheFirstByteIsRetried(view: LlmView) {
        run(view, Provider.OPENAI_CHAT, faulty(Fault.DropBeforeResponse()), ANSWER).assertAnswered(view, 1)
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun droppedAfterTheHeadersIsRetried(view: LlmView) {
        run(view, Provider.OLLAMA, faulty(Fault.DropAfterHeaders()), ANSWER).assertAnswered(view, 1)
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun droppedBeforeTheFirstTokenIsRetriedWithoutRepeatingTheStart(view: LlmView) {
        run(view, Provider.ANTHROPIC, faulty(Fault.DropConnection(0)), ANSWER).assertAnswered(view, 1)
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun droppedMidAnswerIsNotRetriedAndKeepsThePartial(view: LlmView) {
        val outcome = run(view, Provider.OPENAI_CHAT, faulty(Fault.DropConnection(3)), ANSWER)
        val e = assertIs<LlmInterruptedException>(outcome.error)
        assertEquals("one two three", outcome.seen(view, e.partial.text))
        assertEquals(1, e.attempts)
        assertEquals(1, fake.requestCount())
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun overloadedInTheStreamBeforeTheFirstDeltaIsRetried(view: LlmView) {
        run(view, Provider.ANTHROPIC, faulty(Fault.StreamError(0, "overloaded_error")), ANSWER).assertAnswered(view, 1)
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun overloadedInTheStreamAfterDeltasIsReportedWithThePartial(view: LlmView) {
        val outcome = run(view, Provider.ANTHROPIC, faulty(Fault.StreamError(2, "overloaded_error")), ANSWER)
        val e = assertIs<LlmStreamException>(outcome.error)
        assertTrue(e.isRetryable)
        assertEquals("one two", outcome.seen(view, e.partial.text))
        assertEquals(1, e.attempts)
        assertEquals(1, fake.requestCount())
    }
}
