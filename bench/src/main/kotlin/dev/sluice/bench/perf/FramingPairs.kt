@file:JvmName("FramingPairs")

package dev.sluice.bench.perf

import java.io.File
import java.lang.management.ManagementFactory
import java.net.URLClassLoader
import java.util.function.LongSupplier

/**
 * Not a unit test: the framing ratios measured side by side in time. On a machine shared with other
 * tenants the CPU's speed drifts by up to half for seconds at a time, so two libraries timed one
 * after the other (as JMH runs its benchmarks) can land in different spells and their ratio moves
 * with them. Here Sluice's push decoder, its Flow, and okhttp-sse take turns in one JVM: each round
 * times one batch of each, back to back in a rotating order, as thread CPU per pass; a ratio is
 * taken within each round and the median over rounds is reported, with the 10th and 90th
 * percentiles, pooled over several JVMs (one build compiles differently from one JVM to the next).
 * Each mode runs in a class loader of its own (Sluice, okhttp and the bench classes
 * loaded anew from the class path), so the JIT compiles each as it would in a JVM of its own, as
 * JMH's forks do: the push decoder and the Flow share Sluice's framing code, and one's profile
 * would otherwise shape the other's compiled code. One JVM per input at a time, for the same reason:
 *
 * ```
 * java -cp "bench/target/classes:$(cat bench/target/cp.txt)" dev.sluice.bench.perf.FramingPairs \
 *     [openai-chat|obfuscated|anthropic-tool-use|large-64k|crlf] [rounds per JVM] [JVMs] [bytes]
 * ```
 *
 * Prints one Markdown table row; `--header` prints the section's head ([HEADER]). `bench/run.sh`
 * writes the section to `results/framing-pairs.md`, and `Report` appends it to `latest.md`.
 */
public fun main(args: Array<String>) {
    when (args.firstOrNull()) {
        "--header" -> println(HEADER)
        "--jvm" -> measure(args[1], args[2].toInt(), args[3].toInt()).forEach { println(it.joinToString(" ")) }
        else -> {
            val input = args.getOrElse(0) { "openai-chat" }
            val rounds = args.getOrNull(1)?.toInt() ?: DEFAULT_ROUNDS
            val jvms = args.getOrNull(2)?.toInt() ?: DEFAULT_JVMS
            val size = args.getOrNull(3)?.toInt() ?: 4_000_000
            require(rounds >= 10 && jvms >= 1) { "at least 10 rounds and one JVM" }
            println(row(input, List(jvms) { inChildJvm(input, rounds, size) }))
        }
    }
}

/**
 * One row from the rounds of every JVM pooled: the same build can compile differently from one JVM
 * to the next, so the ratio is taken over several, and each JVM's own push ratio is listed.
 */
private fun row(input: String, jvms: List<Array<LongArray>>): String {
    val (push, flow, okhttp) = Array(MODES.size) { m -> jvms.flatMap { it[m].asList() }.toLongArray() }
    fun ms(t: LongArray) = "%.3f".format(t.sorted()[t.size / 2] / 1e6)
    val each = jvms.joinToString(" / ") { "%.2f".format(median(it[2], it[0])) }
    return "| $input | ${ms(push)} | ${ms(flow)} | ${ms(okhttp)} | ${ratios(okhttp, push, "x")} | " +
        "${ratios(okhttp, flow, "x")} | ${ratios(push, flow, "")} | $each |"
}

/** [measure] in a JVM of its own (`--jvm`), with this one's class path: its rounds per mode. */
private fun inChildJvm(input: String, rounds: Int, size: Int): Array<LongArray> {
    val java = File(System.getProperty("java.home"), "bin/java").path
    val command = listOf(
        java, "-Xms1g", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        "dev.sluice.bench.perf.FramingPairs", "--jvm", input, rounds.toString(), size.toString(),
    )
    val process = ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start()
    val lines = process.inputStream.bufferedReader().readLines()
    check(process.waitFor() == 0 && lines.size == MODES.size) { "FramingPairs --jvm $input failed: $lines" }
    return Array(MODES.size) { m -> lines[m].trim().split(" ").map { it.toLong() }.toLongArray() }
}

/** Thread CPU per pass (ns) of each mode in each round, [MODES] in order. */
private fun measure(input: String, rounds: Int, size: Int): Array<LongArray> {
    val passes = MODES.map { isolated(it, input, size) }
    val threads = ManagementFactory.getThreadMXBean()
    var sink = 0L
    fun batch(pass: LongSupplier): Long {
        val start = threads.currentThreadCpuTime
        repeat(PASSES_PER_BATCH) { sink += pass.asLong }
        return (threads.currentThreadCpuTime - start) / PASSES_PER_BATCH
    }
    val warmUntil = System.nanoTime() + WARM_UP_NANOS
    while (System.nanoTime() < warmUntil) passes.forEach { sink += it.asLong }
    val times = Array(MODES.size) { LongArray(rounds) }
    for (round in 0 until rounds) {
        for (k in MODES.indices) {
            val mode = (round + k) % MODES.size
            times[mode][round] = batch(passes[mode])
        }
    }
    System.err.println("checksum ${sink % 1000}")
    return times
}

/** [framingSupplier] loaded in a class loader of its own, which shares only the JDK with the others. */
private fun isolated(mode: String, input: String, size: Int): LongSupplier {
    val urls = System.getProperty("java.class.path").split(File.pathSeparator).map { File(it).toURI().toURL() }
    val loader = URLClassLoader("framing-$mode", urls.toTypedArray(), ClassLoader.getPlatformClassLoader())
    val passes = Class.forName("dev.sluice.bench.perf.FramingPassesKt", true, loader)
    return passes.getMethod("framingSupplier", String::class.java, String::class.java, Int::class.javaPrimitiveType)
        .invoke(null, mode, input, size) as LongSupplier
}

/** The median over rounds of `over[r] / under[r]`, with its 10th and 90th percentiles. */
internal fun ratios(over: LongArray, under: LongArray, suffix: String): String {
    val r = DoubleArray(over.size) { over[it].toDouble() / under[it] }.sorted()
    fun at(q: Double) = r[((r.size - 1) * q).toInt()]
    return "%.2f%s (%.2f-%.2f)".format(at(0.5), suffix, at(0.1), at(0.9))
}

private fun median(over: LongArray, under: LongArray): Double =
    DoubleArray(over.size) { over[it].toDouble() / under[it] }.sorted()[over.size / 2]

/** The section's title, what it measures, and the table's head, in the order of a row. */
public const val HEADER: String =
    "## SSE framing, paired CPU time (`FramingPairs`)\n\n" +
        "Thread CPU per pass over a 4 MB input, the three taking turns in a JVM, each in a class loader of\n" +
        "its own; each ratio is taken within a round of the three, then the median over the rounds of three\n" +
        "JVMs per input (10th-90th percentile); the last column is each JVM's own. Ratios are speed\n" +
        "ratios: higher is better for the first named.\n\n" +
        "| input | push ms/pass | Flow ms/pass | okhttp-sse ms/pass | push × okhttp-sse | Flow × okhttp-sse | Flow ÷ push speed | push × okhttp-sse per JVM |\n" +
        "|---|---:|---:|---:|---:|---:|---:|---:|"

private val MODES = listOf("push", "flow", "okhttp-sse")
private const val DEFAULT_ROUNDS = 60
private const val DEFAULT_JVMS = 3
private const val WARM_UP_NANOS = 4_000_000_000L
private const val PASSES_PER_BATCH = 5
