@file:JvmName("LlmRetrySample")

package dev.sluice.samples.llm

import dev.sluice.http.RetryPolicy
import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmTimeoutException
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import dev.sluice.llm.request.chatRequest
import dev.sluice.testkit.Fault
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.script
import kotlinx.coroutines.runBlocking
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/**
 * Kotlin: retries and timeouts. The fake server is overloaded once (HTTP 529, retry in 20 ms),
 * then answers; the call is sent again by itself. Then an answer stalls after two words, and the
 * idle timeout ends it with what arrived.
 */
public fun retrySample(): Unit = runBlocking {
    FakeLlmServer().start().use { fake ->
        fake.enqueue(
            script { text("never"); fault(Fault.HttpError(529).withRetryAfterMillis(20)) },
            script { text("Rivers carry water to the sea.") },
            script { text("Rivers carry water to the sea."); fault(Fault.Hang(2)) },
        )
        val config = ProviderConfig.builder(Provider.ANTHROPIC).baseUrl(fake.anthropicBaseUrl).apiKey("sk-sample").build()
        // snippet:begin llm-retry
        val llm = LlmClient(config) {
            retryPolicy = RetryPolicy().withMaxRetries(4) // RetryPolicy.none(): never
            firstTokenTimeout = 2.minutes
            idleTimeout = 1.seconds
        }
        // snippet:end
        llm.use { client ->
            val request = chatRequest { model = "claude-3-5-haiku-latest"; user("Tell me about rivers") }
            val result = client.complete(request)
            println("${result.text} (retries: ${result.metrics?.retries})")
            try {
                client.complete(request)
            } catch (e: LlmTimeoutException) {
                println("${e.limit} after ${e.timeout}, partial: '${e.partial.text}', attempts: ${e.attempts}")
            }
        }
    }
}

/** `./mvnw -pl samples exec:java -Dexec.mainClass=dev.sluice.samples.llm.LlmRetrySample` */
public fun main(args: Array<String>): Unit = retrySample()
