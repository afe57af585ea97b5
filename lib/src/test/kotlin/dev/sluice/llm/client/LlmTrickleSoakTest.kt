package dev.sluice.llm.client

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmClientOptions
import dev.sluice.llm.request.Provider
import dev.sluice.testkit.FakeLlmServerExtension
import dev.sluice.testkit.Fault
import dev.sluice.testkit.script
import org.junit.jupiter.api.Tag
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.RegisterExtension
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * The fault matrix's "one byte every 50 ms" row: the whole body of a one-token answer trickles
 * (about 20 s even for the shortest wire format, hence the soak tier; the default tier has a 3 ms
 * trickle in [LlmFaultMatrixTest]) and completes in every view, under an idle timeout of 1 s that
 * only bytes keep from firing: between the body's events pass seconds.
 */
@Tag("soak")
@Timeout(120)
class LlmTrickleSoakTest {
    companion object {
        @JvmField
        @RegisterExtension
        val fakeServer = FakeLlmServerExtension()
    }

    @Test
    fun aOneBytePerFiftyMillisecondTrickleCompletesInEveryView() {
        val fake = fakeServer.server()
        val trickle = script { text("hi"); fault(Fault.Trickle(java.time.Duration.ofMillis(50))) }
        LlmView.entries.forEach { _ -> fake.enqueue(trickle) } // identical scripts: any request may take any
        val options = LlmClientOptions().apply {
            firstTokenTimeout = 60.seconds
            idleTimeout = 1.seconds
        }
        val threads = Executors.newFixedThreadPool(LlmView.entries.size)
        try {
            val t0 = System.nanoTime()
            val runs = LlmView.entries.associateWith { view ->
                CompletableFuture.supplyAsync({ view.run(LlmClient(configFor(Provider.OLLAMA, fake), options), requestFor()) }, threads)
            }
            for ((view, run) in runs) {
                val outcome = run.get(90, TimeUnit.SECONDS)
                assertNull(outcome.error, "$view failed: ${outcome.error}")
                assertEquals("hi", outcome.result?.text ?: outcome.deliveredText, "$view")
            }
            val millis = (System.nanoTime() - t0) / 1_000_000
            println("50 ms/byte trickle: every view completed in $millis ms")
            // Far longer than the idle timeout: the trickle really paced the body.
            assertTrue(millis > 5_000, "the body arrived in $millis ms: not trickled")
            assertEquals(LlmView.entries.size, fake.requestCount(), "no view retried")
        } finally {
            threads.shutdownNow()
        }
    }
}
