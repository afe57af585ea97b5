@file:JvmName("LlmThroughput")

package dev.sluice.bench.perf

import dev.sluice.llm.LlmEvent
import dev.sluice.llm.LlmStreamDecoder
import dev.sluice.llm.request.Provider
import dev.sluice.sse.SseDecoder

/**
 * Not a unit test: a rough throughput figure for SSE decoding plus the OpenAI Chat codec and its
 * accumulation, on one long answer (one word per chunk) and on one long tool call (arguments in
 * 8-character fragments), fed in 8 KiB reads. The second figure shows accumulation stays linear:
 * a quadratic accumulator would slow down sharply as the answer grows. Run after `bench/run.sh` (or `./mvnw -pl bench -am package`):
 *
 * ```
 * java -cp "bench/target/classes:$(cat bench/target/cp.txt)" dev.sluice.bench.perf.LlmThroughput [chunks] [rounds]
 * ```
 */
public fun main(args: Array<String>) {
    val chunks = args.getOrNull(0)?.toInt() ?: 200_000
    val rounds = args.getOrNull(1)?.toInt() ?: 5
    for ((label, body) in listOf("text" to textStream(chunks), "tool arguments" to toolStream(chunks))) {
        println("$label: ${body.size / 1_000_000} MB, $chunks chunks")
        repeat(rounds) { round ->
            val start = System.nanoTime()
            val decoder = LlmStreamDecoder(Provider.OPENAI_CHAT)
            var events = 0L
            val sse = SseDecoder({ events += decoder.feed(it).size })
            var o = 0
            while (o < body.size) {
                val n = minOf(8192, body.size - o)
                sse.feed(body, o, n)
                o += n
            }
            sse.end()
            val result = decoder.snapshot()
            val seconds = (System.nanoTime() - start) / 1e9
            val size = result.text.length + (result.toolCalls.firstOrNull()?.arguments?.length ?: 0)
            println(
                "  round ${round + 1}: %.0f MB/s, %.0f chunks/s, %d events, %d chars accumulated"
                    .format(body.size / 1e6 / seconds, chunks / seconds, events, size),
            )
        }
    }
}

private fun chunk(delta: String): String =
    "data: {\"id\":\"chatcmpl-perf\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\"," +
        "\"choices\":[{\"index\":0,\"delta\":$delta,\"logprobs\":null,\"finish_reason\":null}]}\n\n"

private fun textStream(chunks: Int): ByteArray = buildString {
    append(chunk("{\"role\":\"assistant\",\"content\":\"\"}"))
    repeat(chunks) { append(chunk("{\"content\":\" word$it\"}")) }
    append("data: [DONE]\n\n")
}.toByteArray()

private fun toolStream(chunks: Int): ByteArray = buildString {
    append(chunk("{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"write\",\"arguments\":\"{\\\"text\\\": \\\"\"}}]}"))
    repeat(chunks) { append(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"abcdefgh\"}}]}")) }
    append(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"}\"}}]}"))
    append("data: [DONE]\n\n")
}.toByteArray()
