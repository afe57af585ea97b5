@file:JvmName("SseThroughput")

package dev.sluice.bench.perf

import dev.sluice.sse.SseDecoder
import dev.sluice.sse.SseEventSink

/**
 * Not a unit test: a rough throughput figure for the push decoder on LLM-shaped SSE (OpenAI chat
 * completion chunks, one word of content each), fed in 8 KiB reads. Run after `bench/run.sh` (or `./mvnw -pl bench -am package`):
 *
 * ```
 * java -cp "bench/target/classes:$(cat bench/target/cp.txt)" dev.sluice.bench.perf.SseThroughput [MB] [rounds]
 * ```
 */
public fun main(args: Array<String>) {
    val targetBytes = (args.getOrNull(0)?.toInt() ?: 200) * 1_000_000
    val rounds = args.getOrNull(1)?.toInt() ?: 5
    val input = llmStream(targetBytes)
    println("input: ${input.size / 1_000_000} MB of OpenAI chat chunks")
    repeat(rounds) { round ->
        var events = 0L
        var chars = 0L
        val sink = SseEventSink { events++; chars += it.data.length }
        val decoder = SseDecoder(sink)
        val start = System.nanoTime()
        var off = 0
        while (off < input.size) {
            val n = minOf(READ, input.size - off)
            decoder.feed(input, off, n)
            off += n
        }
        decoder.end()
        val seconds = (System.nanoTime() - start) / 1e9
        println("round ${round + 1}: %.0f MB/s, %.2f M events/s (%d events, %d data chars, %.2f s)".format(
            input.size / 1e6 / seconds, events / 1e6 / seconds, events, chars, seconds,
        ))
    }
}

private const val READ = 8 * 1024

private fun llmStream(targetBytes: Int): ByteArray {
    val words = listOf("The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", ".", " Über", " naïve", " 中文", " 😀", "\\n")
    val out = java.io.ByteArrayOutputStream(targetBytes + 1024)
    var i = 0
    while (out.size() < targetBytes) {
        val chunk = "data: {\"id\":\"chatcmpl-9xYz${i % 1000}\",\"object\":\"chat.completion.chunk\",\"created\":1731000000," +
            "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_0ba0d124f1\"," +
            "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"${words[i % words.size]}\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
        out.write(chunk.toByteArray())
        i++
    }
    out.write("data: [DONE]\n\n".toByteArray())
    return out.toByteArray()
}
