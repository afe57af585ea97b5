@file:JvmName("OneStreamPairs")

package dev.sluice.bench.perf

import dev.sluice.bench.Inputs

/**
 * Not a unit test: one stream end to end over loopback, Sluice's `LlmClient.complete` against
 * openai-java's blocking streaming with `ChatCompletionAccumulator`, taking turns in one JVM
 * ([TakingTurns], each in a class loader of its own) against servers in the same JVM that send the
 * whole input written 64 KiB at a time (`LoopbackPass`), so the readers set the pace. Each pass's
 * CPU is its caller thread's, where both clients read and decode; each ratio is taken within a
 * round, so the CPU's drift (see `FramingPairs`) cancels out; `load/SingleStream`, which measures
 * tokens/s and process CPU against the paced server in another JVM, cannot do that. Its tokens/s
 * for written-64-KiB streams is this CPU ratio when the reader is the bottleneck.
 *
 * ```
 * java -cp "bench/target/classes:$(cat bench/target/cp.txt)" dev.sluice.bench.perf.OneStreamPairs \
 *     [openai-chat|obfuscated|crlf] [rounds per JVM] [JVMs] [bytes]
 * ```
 *
 * Prints one Markdown table row; `--header` prints the section's head. `bench/run.sh` writes the
 * section to `results/one-stream-pairs.md`; `Report` puts it before the targets in `latest.md`.
 */
public fun main(args: Array<String>): Unit =
    pairedMain(args, ONE_STREAM_HEADER, 30, 3, listOf(Turn("llm-loopback"), Turn("openai-java-loopback"))) { input, size, runs ->
        val sluice = runs.flatMap { it[0].asList() }.toLongArray()
        val openAi = runs.flatMap { it[1].asList() }.toLongArray()
        val events = Inputs.eventCount(Inputs.build(input, size))
        fun perEvent(times: LongArray) = "%.2f".format(times.sorted()[times.size / 2] / 1e3 / events)
        "| $input | $events | ${medianMs(sluice)} | ${medianMs(openAi)} | ${perEvent(sluice)} | ${perEvent(openAi)} | " +
            "${ratios(openAi, sluice, "x")} | ${runs.joinToString(" / ") { "%.2f".format(medianRatio(it[1], it[0])) }} |"
    }

/** The section's title, what it measures, and the table's head, in the order of a row. */
private const val ONE_STREAM_HEADER: String =
    "## One stream over loopback, paired CPU time (`OneStreamPairs`)\n\n" +
        "`LlmClient.complete` and openai-java's blocking streaming with `ChatCompletionAccumulator` take\n" +
        "turns in a JVM, each in a class loader of its own, reading a 4 MB chat stream that a server in the\n" +
        "same JVM writes 64 KiB at a time; the caller thread's CPU per pass (both read and decode there),\n" +
        "the ratio taken within each round, then the median over the rounds of all JVMs (three; one with\n" +
        "`--quick`) with the 10th-90th percentile, and each JVM's own median. The engine's selector thread,\n" +
        "which wakes Sluice's reader when the socket has nothing yet, is not counted; `load/SingleStream`'s\n" +
        "process CPU per token counts every thread.\n\n" +
        "| input | events | sluice ms/pass | openai-java ms/pass | sluice µs/event | openai-java µs/event | " +
        "sluice × openai-java | per JVM |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---:|"
