@file:JvmName("TakingTurns")

package dev.sluice.bench.perf

import java.io.File
import java.lang.management.ManagementFactory
import java.net.URLClassLoader
import java.util.function.LongSupplier

/**
 * The engine of `FramingPairs` and `FramingAB`: passes that take turns in one JVM, each in a class
 * loader of its own, timed as thread CPU per pass in rounds of one batch each, in a rotating order.
 * On these shared cores the CPU's speed drifts by up to half for seconds at a time, so a ratio is
 * taken within each round, where the passes ran side by side in time. A class loader per pass (its
 * own copy of Sluice, okhttp and the bench classes) lets the JIT compile each as it would in a JVM of
 * its own, as JMH's forks do; only the JDK is shared.
 *
 * Run as a main, it is one child JVM: `<input> <rounds> <bytes> (<mode> <class path>)...` prints
 * one line per pass, its nanoseconds per pass in each round.
 */
public fun main(args: Array<String>) {
    val passes = args.drop(3).chunked(2).map { (mode, classPath) -> Turn(mode, classPath) }
    measure(args[0], args[1].toInt(), args[2].toInt(), passes).forEach { println(it.joinToString(" ")) }
}

/** A pass: [mode] of `framingPass`, with Sluice and the rest loaded from [classPath]. */
internal class Turn(val mode: String, val classPath: String = System.getProperty("java.class.path"))

/**
 * The command line `FramingPairs` and `OneStreamPairs` share: `--header` prints [header]; else
 * `[input] [rounds per JVM] [JVMs] [bytes]` runs [turns] in that many child JVMs and prints the
 * table row [row] makes of their times (per JVM, per turn, ns per pass in each round).
 */
internal fun pairedMain(
    args: Array<String>,
    header: String,
    defaultRounds: Int,
    defaultJvms: Int,
    turns: List<Turn>,
    row: (input: String, size: Int, jvms: List<List<LongArray>>) -> String,
) {
    if (args.firstOrNull() == "--header") {
        println(header)
        return
    }
    val input = args.getOrElse(0) { "openai-chat" }
    val rounds = args.getOrNull(1)?.toInt() ?: defaultRounds
    val jvms = args.getOrNull(2)?.toInt() ?: defaultJvms
    val size = args.getOrNull(3)?.toInt() ?: 4_000_000
    require(rounds >= 10 && jvms >= 1) { "at least 10 rounds and one JVM" }
    println(row(input, size, List(jvms) { inChildJvm(input, rounds, size, turns) }))
}

/** [measure] in a new JVM with 1 GiB of heap: per turn, its time per pass (ns) in each round. */
internal fun inChildJvm(input: String, rounds: Int, size: Int, turns: List<Turn>): List<LongArray> {
    val java = File(System.getProperty("java.home"), "bin/java").path
    val command = listOf(java, "-Xms1g", "-Xmx1g", "-cp", System.getProperty("java.class.path"), "dev.sluice.bench.perf.TakingTurns") +
        listOf(input, rounds.toString(), size.toString()) + turns.flatMap { listOf(it.mode, it.classPath) }
    val process = ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start()
    val lines = process.inputStream.bufferedReader().readLines()
    check(process.waitFor() == 0 && lines.size == turns.size) { "a child JVM timing $input failed: $lines" }
    return lines.map { line -> line.trim().split(" ").map { it.toLong() }.toLongArray() }
}

private fun measure(input: String, rounds: Int, size: Int, turns: List<Turn>): List<LongArray> {
    val passes = turns.map { isolated(it, input, size) }
    val threads = ManagementFactory.getThreadMXBean()
    var sink = 0L
    fun batch(pass: LongSupplier): Long {
        val start = threads.currentThreadCpuTime
        repeat(PASSES_PER_BATCH) { sink += pass.asLong }
        return (threads.currentThreadCpuTime - start) / PASSES_PER_BATCH
    }
    val warmUntil = System.nanoTime() + WARM_UP_NANOS
    while (System.nanoTime() < warmUntil) passes.forEach { sink += it.asLong }
    val times = List(turns.size) { LongArray(rounds) }
    for (round in 0 until rounds) {
        for (k in turns.indices) {
            val turn = (round + k) % turns.size
            times[turn][round] = batch(passes[turn])
        }
    }
    System.err.println("checksum ${sink % 1000}")
    return times
}

/** `framingSupplier` loaded in a class loader of its own, which shares only the JDK with the others. */
private fun isolated(turn: Turn, input: String, size: Int): LongSupplier {
    val urls = turn.classPath.split(File.pathSeparator).map { File(it).toURI().toURL() }
    val loader = URLClassLoader("framing-${turn.mode}", urls.toTypedArray(), ClassLoader.getPlatformClassLoader())
    val passes = Class.forName("dev.sluice.bench.perf.FramingPassesKt", true, loader)
    return passes.getMethod("framingSupplier", String::class.java, String::class.java, Int::class.javaPrimitiveType)
        .invoke(null, turn.mode, input, size) as LongSupplier
}

/** The median over rounds of `over[r] / under[r]`, with its 10th and 90th percentiles. */
internal fun ratios(over: LongArray, under: LongArray, suffix: String): String {
    val r = DoubleArray(over.size) { over[it].toDouble() / under[it] }.sorted()
    fun at(q: Double) = r[((r.size - 1) * q).toInt()]
    return "%.2f%s (%.2f-%.2f)".format(at(0.5), suffix, at(0.1), at(0.9))
}

/** The median over rounds of `over[r] / under[r]`. */
internal fun medianRatio(over: LongArray, under: LongArray): Double =
    DoubleArray(over.size) { over[it].toDouble() / under[it] }.sorted()[over.size / 2]

/** The median of [times] in ms. */
internal fun medianMs(times: LongArray): String = "%.3f".format(times.sorted()[times.size / 2] / 1e6)

private const val WARM_UP_NANOS = 4_000_000_000L
private const val PASSES_PER_BATCH = 5
