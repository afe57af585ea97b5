@file:JvmName("LlmCancelSample")

package dev.sluice.samples.llm

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmEvent
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import dev.sluice.llm.request.chatRequest
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.script
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * Kotlin cancellation: "stop generating" is cancelling the coroutine that collects. The request's
 * connection closes at once (the server sees the client leave), and whatever was printed stays.
 * Two ways: stop after enough (`take`), or cancel the collecting job from elsewhere (a stop button).
 */
public fun main(): Unit = runBlocking {
    FakeLlmServer().start().use { fake ->
        // A long, slow answer: 200 words, 10 ms apart.
        val long = script { text((1..200).joinToString(" ") { "word$it" }); tokenDelay(10.milliseconds) }
        fake.enqueue(long, long)
        val config = ProviderConfig.builder(Provider.OPENAI_CHAT).baseUrl(fake.openAiBaseUrl).build()
        LlmClient(config).use { client ->
            val request = chatRequest { model = "gpt-4o-mini"; user("Count for me") }

            // snippet:begin llm-cancel
            // 1. Enough is enough: take the first five text pieces; the rest is never downloaded.
            val firstFive = client.events(request).filterIsInstance<LlmEvent.TextDelta>().take(5).toList()
            println("first five: " + firstFive.joinToString("") { it.text })

            // 2. A stop button: cancel the job that collects. The connection closes with it.
            val printedSome = CompletableDeferred<Unit>()
            val job = launch {
                client.events(request).collect { event ->
                    if (event is LlmEvent.TextDelta) {
                        print(event.text)
                        if (event.text.contains("word20")) printedSome.complete(Unit)
                    }
                }
            }
            printedSome.await()
            job.cancelAndJoin() // the user pressed "stop"
            println()
            // snippet:end
            val closed = fake.awaitActiveStreams(0, java.time.Duration.ofSeconds(5))
            println("stopped; server streams still open: ${fake.activeStreams()}, closed: $closed")
            println("server saw ${fake.clientDisconnects()} client disconnects")
        }
    }
}
