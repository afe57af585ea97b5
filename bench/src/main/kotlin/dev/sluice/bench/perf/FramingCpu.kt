@file:JvmName("FramingCpu")

package dev.sluice.bench.perf

import dev.sluice.bench.Inputs
import dev.sluice.sse.SseViewDecoder
import java.lang.management.ManagementFactory

/**
 * Not a unit test: SSE framing as CPU time per pass over one input, the least of many short
 * batches, for comparing two builds (or Sluice and okhttp-sse) on a machine shared with other
 * tenants, where JMH's wall-clock throughput swings by up to 2x between runs. A thread's CPU
 * time leaves out the time it was not running, and the least of 40 batches leaves out most of the
 * interference that remains. Each event's data is a String (`push`, `okhttp-sse`) or a byte view
 * (`zero-copy`), fed in 8 KiB reads (`flow`: `Flow<ByteArray>.decodeSse` over them), as in
 * `SseFramingBench`; `llm` adds the LLM decoder and its accumulated result, as `LlmDecodeBench`'s
 * `sluice` row (Anthropic for `anthropic-*` inputs), and `llm-flow` does the same through
 * `Flow<ByteArray>.decodeLlmBody`, as `LlmClient` reads a body; `llm-loopback`, `llm-loopback-each`
 * and `openai-java-loopback` read over loopback (see `LoopbackPass`):
 *
 * ```
 * java -Xms1g -Xmx1g -cp "bench/target/classes:$(cat bench/target/cp.txt)" dev.sluice.bench.perf.FramingCpu \
 *     [openai-chat|obfuscated|anthropic-tool-use|large-64k|crlf] <mode> [bytes]
 * ```
 */
public fun main(args: Array<String>) {
    val input = args.getOrElse(0) { "openai-chat" }
    val mode = args.getOrElse(1) { "push" }
    val bytes = Inputs.build(input, args.getOrNull(2)?.toInt() ?: 4_000_000)
    val reads = Inputs.split(bytes)
    val pass = framingPass(mode, input, bytes, reads)
    val threads = ManagementFactory.getThreadMXBean()
    var sink = 0L
    val warmUntil = System.nanoTime() + WARM_UP_NANOS
    while (System.nanoTime() < warmUntil) sink += pass()
    var least = Long.MAX_VALUE
    repeat(BATCHES) {
        val start = threads.currentThreadCpuTime
        repeat(PASSES_PER_BATCH) { sink += pass() }
        least = minOf(least, (threads.currentThreadCpuTime - start) / PASSES_PER_BATCH)
    }
    val events = countEvents(reads)
    println(
        "%s %s: %.3f ms of CPU per pass of %d bytes, %.1f ns per event (least of %d batches of %d; checksum %d)".format(
            input, mode, least / 1e6, bytes.size, least.toDouble() / events, BATCHES, PASSES_PER_BATCH, sink % 1000,
        ),
    )
}

private const val WARM_UP_NANOS = 6_000_000_000L
private const val BATCHES = 40
private const val PASSES_PER_BATCH = 5

private fun countEvents(reads: List<ByteArray>): Long {
    var events = 0L
    val decoder = SseViewDecoder({ events++ })
    for (read in reads) decoder.feed(read, 0, read.size)
    decoder.end()
    return events
}
