@file:JvmName("SingleStream")

package dev.sluice.bench.load

import com.openai.client.okhttp.OpenAIOkHttpClient
import com.openai.helpers.ChatCompletionAccumulator
import com.openai.models.chat.completions.ChatCompletionCreateParams
import dev.sluice.bench.Record
import dev.sluice.llm.LlmClient
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import kotlinx.coroutines.runBlocking
import java.io.File
import java.lang.management.ManagementFactory

/**
 * One stream end to end, in its own JVM: `SingleStream <bulk port> <tokens> <rounds> <out.json>`.
 * The paced server's bulk port sends an unpaced OpenAI chat stream of `tokens` chunks (one write
 * per chunk); Sluice's `LlmClient.complete` and openai-java's blocking streaming with
 * `ChatCompletionAccumulator` read it in turn, two warm-up rounds each, then `rounds` measured
 * rounds alternating between the two. Records the median tokens/s and client CPU per token (the
 * whole process: every thread the library uses counts).
 */
public fun main(args: Array<String>) {
    val port = args[0]
    val tokens = args[1].toInt()
    val rounds = args[2].toInt()
    val base = "http://127.0.0.1:$port/chat/$tokens/v1"
    val expected = (1..tokens).joinToString("") { " w$it" }
    val sluice = LlmClient(
        ProviderConfig.builder(Provider.OPENAI_CHAT).baseUrl(base).apiKey("sk-e2e").environment(emptyMap<String, String>()).build(),
    )
    val request = ChatRequest.builder().model("e2e").user("go").build()
    val openAi = OpenAIOkHttpClient.builder().baseUrl(base).apiKey("sk-e2e").maxRetries(0).build()
    val params = ChatCompletionCreateParams.builder().model("e2e").addUserMessage("go").build()
    val runs = linkedMapOf<String, () -> String>(
        "sluice (LlmClient.complete)" to { runBlocking { sluice.complete(request).text } },
        "openai-java (blocking streaming + ChatCompletionAccumulator)" to {
            val accumulator = ChatCompletionAccumulator.create()
            openAi.chat().completions().createStreaming(params).use { stream -> stream.stream().forEach { accumulator.accumulate(it) } }
            accumulator.chatCompletion().choices()[0].message().content().orElse("")
        },
    )
    val rates = runs.keys.associateWith { ArrayList<Double>() }
    val cpus = runs.keys.associateWith { ArrayList<Double>() }
    repeat(2 + rounds) { round ->
        for ((library, run) in runs) {
            val cpu0 = processCpuNanos()
            val t0 = System.nanoTime()
            val text = run()
            val wall = System.nanoTime() - t0
            val cpu = processCpuNanos() - cpu0
            check(text == expected) { "$library read ${text.length} chars, expected ${expected.length}" }
            if (round >= 2) {
                rates.getValue(library) += tokens / (wall / 1e9)
                cpus.getValue(library) += cpu / 1e3 / tokens
            }
        }
    }
    sluice.close()
    openAi.close()
    val input = "$tokens chunks, unpaced, one write per chunk"
    val records = runs.keys.flatMap { library ->
        listOf(
            Record("load/single-stream", library, input, "tokens-per-s", median(rates.getValue(library)), "tokens/s", null),
            Record("load/single-stream", library, input, "cpu-per-token", median(cpus.getValue(library)), "µs", null),
        )
    }
    Record.write(File(args[3]), records)
    records.forEach { println("  ${it.library}: ${it.metric} = ${"%.1f".format(it.value)} ${it.unit}") }
    System.exit(0)
}

private fun median(values: List<Double>): Double = values.sorted().let { it[it.size / 2] }

private fun processCpuNanos(): Long =
    (ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean).processCpuTime
