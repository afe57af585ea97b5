package dev.sluice.llm.client

import dev.sluice.DecodeLimits
import dev.sluice.LimitExceededException
import dev.sluice.http.HttpTransportException
import dev.sluice.http.UnsupportedContentEncodingException
import dev.sluice.llm.LlmInterruptedException
import dev.sluice.llm.LlmProtocolException
import dev.sluice.llm.client.FaultRows.faulty
import dev.sluice.llm.request.Provider
import dev.sluice.testkit.FakeLlmServerExtension
import dev.sluice.testkit.Fault
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.RegisterExtension
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import java.time.Duration
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * The fault suite's rows about how a stream ends (framing, encoding, terminal events), for every
 * LLM view over real loopback sockets; [LlmFaultMatrixTest] has the status and retry rows,
 * [LlmTimingFaultTest] the timing rows.
 */
@Timeout(30)
class LlmEndingsFaultTest {
    companion object {
        @JvmField
        @RegisterExtension
        val fakeServer = FakeLlmServerExtension()

    }

    private val fake get() = fakeServer.server()

    /** Failed as an interrupted stream carrying "one two" (as partial or as delivered deltas), not retried. */
    private fun ViewOutcome.assertInterruptedAfterTwo(view: LlmView): LlmInterruptedException {
        val e = assertIs<LlmInterruptedException>(error, "ended with $error")
        assertEquals("one two", seen(view, e.partial.text))
        assertEquals(1, fake.requestCount())
        return e
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun aMalformedChunkHeaderIsATransportErrorAfterTheDeltasBeforeIt(view: LlmView) {
        val e = fake.runView(view, Provider.OPENAI_CHAT, faulty(Fault.MalformedChunk(2))).assertInterruptedAfterTwo(view)
        val cause = assertIs<HttpTransportException>(e.cause)
        assertContains(cause.message!!, "malformed chunk header 'zz'")
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun aTruncatedChunkedBodyIsATransportErrorWithTheByteCount(view: LlmView) {
        val e = fake.runView(view, Provider.ANTHROPIC, faulty(Fault.DropConnection(2))).assertInterruptedAfterTwo(view)
        val cause = assertIs<HttpTransportException>(e.cause)
        assertContains(cause.message!!, "chunked body ended without its terminating chunk after")
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun aCloseWithoutTheTerminalEventIsReportedWithThePartial(view: LlmView) {
        val e = fake.runView(view, Provider.OPENAI_RESPONSES, faulty(Fault.EndWithoutTerminal(2))).assertInterruptedAfterTwo(view)
        assertContains(e.message!!, "ended before its terminal event")
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun truncatedUtf8AtTheEndIsAProtocolErrorWithThePartial(view: LlmView) {
        // The cut character decodes to U+FFFD (never a crash); the unfinished event it ends is not JSON.
        val outcome = fake.runView(view, Provider.OPENAI_CHAT, faulty(Fault.TruncatedUtf8(2)))
        val e = assertIs<LlmProtocolException>(outcome.error, "ended with ${outcome.error}")
        assertContains(e.message!!, "\uFFFD")
        assertEquals("one two", outcome.seen(view, e.partial.text))
        assertEquals(1, fake.requestCount())
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun anOversizedEventFailsAtTheLimitWithThePartial(view: LlmView) {
        val outcome = fake.runView(view, Provider.GEMINI, faulty(Fault.OversizedEvent(2, 256 * 1024))) {
            limits = DecodeLimits(maxLineBytes = 64 * 1024, maxEventBytes = 64 * 1024)
        }
        val e = assertIs<LlmInterruptedException>(outcome.error, "ended with ${outcome.error}")
        assertIs<LimitExceededException>(e.cause)
        assertContains(e.message!!, "exceeds maxLineBytes=65536")
        assertEquals("one two", outcome.seen(view, e.partial.text))
        assertTrue(fake.awaitActiveStreams(0, Duration.ofSeconds(5)), "the connection was closed")
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun doneThenAConnectionHeldOpenEndsAtTheTerminalEvent(view: LlmView) {
        val disconnects = fake.clientDisconnects()
        val outcome = fake.runView(view, Provider.OPENAI_CHAT, faulty(Fault.HoldOpenAfterEnd()))
        assertNull(outcome.error, "failed: ${outcome.error}")
        assertEquals(FaultRows.ANSWER.text(), outcome.result?.text ?: outcome.deliveredText)
        assertTrue(fake.awaitActiveStreams(0, Duration.ofSeconds(5)), "the client closed the held connection")
        assertEquals(disconnects + 1, fake.clientDisconnects())
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun gzipAndDeflateAnswersStreamDecompressedWhenAsked(view: LlmView) {
        for ((encoding, provider) in listOf("gzip" to Provider.ANTHROPIC, "deflate" to Provider.OLLAMA)) {
            val before = fake.requestCount()
            val outcome = fake.runView(view, provider, faulty(Fault.Compressed(encoding))) { acceptCompression = true }
            assertNull(outcome.error, "$encoding failed: ${outcome.error}")
            assertEquals(FaultRows.ANSWER.text(), outcome.result?.text ?: outcome.deliveredText, encoding)
            assertEquals("gzip, deflate", fake.requests()[before].header("Accept-Encoding"))
        }
    }

    @ParameterizedTest
    @EnumSource(LlmView::class)
    fun anotherEncodingIsATypedErrorNamingItAndNoAcceptEncodingIsSentUnasked(view: LlmView) {
        val outcome = fake.runView(view, Provider.OPENAI_CHAT, faulty(Fault.Compressed("br")))
        val e = assertIs<LlmInterruptedException>(outcome.error, "ended with ${outcome.error}")
        assertEquals("br", assertIs<UnsupportedContentEncodingException>(e.cause).encoding)
        assertEquals("", outcome.deliveredText)
        assertEquals(1, fake.requestCount(), "not retried")
        assertNull(fake.requests().single().header("Accept-Encoding"))
    }
}
