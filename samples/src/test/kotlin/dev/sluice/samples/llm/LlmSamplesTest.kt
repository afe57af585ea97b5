package dev.sluice.samples.llm

import dev.sluice.testkit.defaultReplyText
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/** Runs each LLM sample against its own fake server and checks what it printed. */
@Timeout(60)
class LlmSamplesTest {
    private val reply = defaultReplyText("Tell me about rivers")

    @Test
    fun publisherSamplePrintsTheAnswer() {
        val out = captured { LlmEventsPublisherSample.main(emptyArray()) }
        assertTrue(out.startsWith(reply), out)
    }

    @Test
    fun publisherAccumulatorSamplePrintsTheAnswerThenTheFinalMessage() {
        val out = captured { LlmPublisherAccumulatorSample.main(emptyArray()) }
        assertTrue(out.startsWith(reply), out)
        assertTrue(Regex("finish: stop, output tokens: \\d+").containsMatchIn(out), out)
    }

    @Test
    fun toolSamplesSendTheToolResultBackAndPrintTheFinalAnswer() {
        assertEquals("It is 18 °C in Paris.", captured { LlmToolsJavaSample.main(emptyArray()) }.trim())
        assertEquals("It is 18 °C in Paris.", captured { toolsSample() }.trim())
    }

    @Test
    fun blockingSamplePrintsTheAnswerThenTheFinalMessage() {
        val out = captured { LlmBlockingSample.main(emptyArray()) }
        assertTrue(out.startsWith(reply), out)
        assertTrue(out.contains("stop reason: STOP (end_turn)"), out)
        assertTrue(out.contains("time to first token: PT"), out)
    }

    @Test
    fun okHttpSampleStreamsTheAnswerOverOkHttp() {
        val out = captured { dev.sluice.samples.android.OkHttpEngineSample.main(emptyArray()) }
        assertTrue(out.startsWith(reply), out)
        assertTrue(out.contains("finish: STOP"), out)
    }

    @Test
    fun textSamplePrintsTheAnswer() {
        assertTrue(captured { LlmTextSample.main(emptyArray()) }.startsWith(reply))
    }

    @Test
    fun futureSamplePrintsTheFinalTextAndMetrics() {
        val out = captured { LlmFutureSample.main(emptyArray()) }
        assertTrue(out.contains("metrics: StreamMetrics("), out)
        assertTrue(out.contains(reply + "\noutput tokens: "), out)
    }

    @Test
    fun callbacksSamplePrintsTheAnswer() {
        assertTrue(captured { LlmCallbacksSample.main(emptyArray()) }.startsWith(reply))
    }

    @Test
    fun kotlinFlowSamplePrintsTheAnswerTwice() {
        // Several samples in this package have a top-level main(): name this one by its JVM class
        val out = captured { Class.forName("dev.sluice.samples.llm.LlmFlowSample").getMethod("main").invoke(null) }
        assertTrue(out.startsWith(reply), out)
        assertTrue(out.contains("\n$reply\ntime to first token: PT"), out)
    }

    @Test
    fun retrySampleRetriesOnceThenEndsAStallWithTheIdleTimeout() {
        val out = captured { retrySample() }.lines()
        assertTrue(out[0] == "Rivers carry water to the sea. (retries: 1)", out.toString())
        assertTrue(out[1] == "IDLE after 1s, partial: 'Rivers carry', attempts: 1", out.toString())
    }

    @Test
    fun javaRetrySampleWaitsTheServersDelayThenFailsAtOnceAboveTheCap() {
        val out = captured { LlmRetryJavaSample.main(emptyArray()) }.lines()
        assertTrue(out[0] == "Rivers carry water to the sea. (retries: 1)", out.toString())
        assertTrue(out[1] == "HTTP 429, retry after PT1H, attempts 1", out.toString())
    }

    @Test
    fun featuresSamplePrintsPartialsTheTypedObjectTheImageAnswerAndTheServerCancel() {
        val out = captured { dev.sluice.samples.features.main() }
        assertTrue(out.contains("so far: {\"city\":\"fake\"}"), out)
        assertTrue(out.contains("typed: CityWeather(city=fake, highCelsius=1.5, sunny=true)"), out)
        assertTrue(out.contains("status 200, requests left: null"), out)
        assertTrue(Regex("cancelled on the server: \\[resp_fake_\\d+]").containsMatchIn(out), out)
    }

    @Test
    fun structuredJavaSampleParsesWithTheCallersParser() {
        val out = captured { LlmStructuredJavaSample.main(emptyArray()) }
        assertTrue(out.contains("so far: {\"city\":\"fake\"}"), out)
        assertTrue(out.contains("typed: Weather{\"city\":\"fake\",\"sunny\":true}"), out)
        assertTrue(out.contains("again: Weather{\"city\":\"fake\",\"sunny\":true}"), out)
    }
}
