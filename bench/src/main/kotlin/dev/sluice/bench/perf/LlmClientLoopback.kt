@file:JvmName("LlmClientLoopback")

package dev.sluice.bench.perf

import dev.sluice.llm.LlmClient
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.script
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking

/**
 * Not a unit test: rough figures for the whole client path (HTTP over loopback, SSE, codec,
 * accumulation, metrics) against the testkit's fake server, which sends without pacing: one long
 * answer per provider, then many concurrent short answers. The fake server shares the machine, so
 * these are end-to-end figures, not the client's cost alone. Run after `bench/run.sh` (or `./mvnw -pl bench -am package`) as in
 * [LlmThroughput] (the class path must include the testkit's classes):
 *
 * ```
 * java -cp "bench/target/classes:$(cat bench/target/cp.txt)" dev.sluice.bench.perf.LlmClientLoopback [tokens] [concurrent]
 * ```
 */
public fun main(args: Array<String>): Unit = runBlocking {
    val tokens = args.getOrNull(0)?.toInt() ?: 20_000
    val concurrent = args.getOrNull(1)?.toInt() ?: 200
    val request = ChatRequest.builder().model("perf").user("go").build()
    FakeLlmServer().start().use { fake ->
        for (provider in listOf(Provider.OPENAI_CHAT, Provider.OPENAI_RESPONSES, Provider.ANTHROPIC, Provider.OLLAMA)) {
            val base = when (provider) {
                Provider.ANTHROPIC -> fake.anthropicBaseUrl
                Provider.OLLAMA -> fake.ollamaBaseUrl
                else -> fake.openAiBaseUrl
            }
            LlmClient(ProviderConfig.builder(provider).baseUrl(base).environment(emptyMap<String, String>()).build()).use { client ->
                repeat(3) { round ->
                    fake.enqueue(script { tokens((1..tokens).map { " w$it" }) })
                    val start = System.nanoTime()
                    val result = client.complete(request)
                    val seconds = (System.nanoTime() - start) / 1e9
                    println(
                        "%-17s round %d: %d tokens in %.0f ms = %.0f tokens/s, %d KB, TTFT %.1f ms".format(
                            provider.id, round + 1, result.metrics!!.tokenDeltas, seconds * 1e3,
                            result.metrics!!.tokenDeltas / seconds, result.metrics!!.bytesRead / 1024,
                            result.metrics!!.timeToFirstToken!!.toNanos() / 1e6,
                        ),
                    )
                }
                if (provider == Provider.OPENAI_CHAT) {
                    repeat(2) { round ->
                        val start = System.nanoTime()
                        val texts = (1..concurrent).map { async { client.complete(request).text.length } }.awaitAll()
                        val seconds = (System.nanoTime() - start) / 1e9
                        println(
                            "%d concurrent default replies, round %d: %.0f ms, %.0f calls/s (%d chars each)".format(
                                concurrent, round + 1, seconds * 1e3, concurrent / seconds, texts.first(),
                            ),
                        )
                    }
                }
            }
        }
    }
}
