@file:JvmName("FramingPairs")

package dev.sluice.bench.perf

/**
 * Not a unit test: the framing ratios measured side by side in time. On a machine shared with other
 * tenants the CPU's speed drifts by up to half for seconds at a time, so two libraries timed one
 * after the other (as JMH runs its benchmarks) can land in different spells and their ratio moves
 * with them. Here Sluice's push decoder (with a consumer that drops each event and one that keeps
 * it), its Flow, and okhttp-sse take turns ([TakingTurns]); the
 * median over rounds of each ratio is reported, with the 10th and 90th percentiles, pooled over
 * several JVMs (one build compiles differently from one JVM to the next). Each mode has its own
 * class loader, since the push decoder and the Flow share Sluice's framing code and one's profile
 * would otherwise shape the other's compiled code; one input per JVM, for the same reason:
 *
 * ```
 * java -cp "bench/target/classes:$(cat bench/target/cp.txt)" dev.sluice.bench.perf.FramingPairs \
 *     [openai-chat|obfuscated|anthropic-tool-use|large-64k|crlf] [rounds per JVM] [JVMs] [bytes]
 * ```
 *
 * Prints one Markdown table row; `--header` prints the section's head ([HEADER]). `bench/run.sh`
 * writes the section to `results/framing-pairs.md`; `Report` puts it after the framing tables of
 * `latest.md`.
 */
public fun main(args: Array<String>): Unit =
    pairedMain(args, HEADER, DEFAULT_ROUNDS, DEFAULT_JVMS, MODES.map { Turn(it) }) { input, _, jvms -> row(input, jvms) }

/**
 * One row from the rounds of every JVM pooled: the same build can compile differently from one JVM
 * to the next, so the ratio is taken over several, and each JVM's own push ratio is listed.
 */
private fun row(input: String, jvms: List<List<LongArray>>): String {
    val (push, kept, flow, okhttp) = List(MODES.size) { m -> jvms.flatMap { it[m].asList() }.toLongArray() }
    val each = jvms.joinToString(" / ") { "%.2f".format(medianRatio(it[3], it[0])) }
    return "| $input | ${medianMs(push)} | ${medianMs(kept)} | ${medianMs(flow)} | ${medianMs(okhttp)} | " +
        "${ratios(okhttp, push, "x")} | $each | ${ratios(okhttp, flow, "x")} | ${ratios(push, flow, "")} | ${ratios(kept, flow, "")} |"
}

/** The section's title, what it measures, and the table's head, in the order of a row. */
public const val HEADER: String =
    "## SSE framing, paired CPU time (`FramingPairs`)\n\n" +
        "Thread CPU per pass over a 4 MB input, the four taking turns in a JVM, each in a class loader of\n" +
        "its own; each ratio is taken within a round of the four, then the median over the rounds of three\n" +
        "JVMs per input (10th-90th percentile); the push ratio is also given per JVM. Ratios are speed\n" +
        "ratios: higher is better for the first named. \"push, kept\" is the push decoder with a consumer\n" +
        "that keeps each event for a moment, so escape analysis cannot drop the event object, as it does\n" +
        "for the plain push row's consumer; the Flow has to build that object to emit it.\n\n" +
        "| input | push ms/pass | push, kept ms/pass | Flow ms/pass | okhttp-sse ms/pass | push × okhttp-sse | " +
        "per JVM | Flow × okhttp-sse | Flow ÷ push | Flow ÷ push, kept |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"

private val MODES = listOf("push", "push-kept", "flow", "okhttp-sse")
private const val DEFAULT_ROUNDS = 60
private const val DEFAULT_JVMS = 3
