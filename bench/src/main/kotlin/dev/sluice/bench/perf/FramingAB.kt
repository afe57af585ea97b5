@file:JvmName("FramingAB")

package dev.sluice.bench.perf

import java.io.File

/**
 * Not a unit test: two builds of Sluice compared on one pass (a mode of `FramingCpu`: framing, LLM
 * decoding, or a client over loopback), taking turns in the same JVMs
 * ([TakingTurns]), for telling a change from the shared machine's drift, which separate JVMs one
 * after the other cannot:
 *
 * ```
 * java -cp "bench/target/classes:$(cat bench/target/cp.txt)" dev.sluice.bench.perf.FramingAB \
 *     <input> <mode> <old sluice jar> <new sluice jar> [rounds per JVM] [JVMs]
 * ```
 *
 * Prints each build's median CPU per pass and new's speed over old's (median over the rounds of all
 * JVMs, 10th-90th percentile, and each JVM's own median).
 */
public fun main(args: Array<String>) {
    require(args.size >= 4) { "usage: FramingAB <input> <mode> <old jar> <new jar> [rounds] [JVMs]" }
    val (input, mode, oldJar, newJar) = args
    val rounds = args.getOrNull(4)?.toInt() ?: 40
    val jvms = args.getOrNull(5)?.toInt() ?: 3
    val turns = listOf(Turn(mode, withSluice(oldJar)), Turn(mode, withSluice(newJar)))
    val runs = List(jvms) { inChildJvm(input, rounds, 4_000_000, turns) }
    val old = runs.flatMap { it[0].asList() }.toLongArray()
    val new = runs.flatMap { it[1].asList() }.toLongArray()
    println(
        "$input $mode: old ${medianMs(old)} ms, new ${medianMs(new)} ms per pass; new's speed / old's " +
            "${ratios(old, new, "")}, per JVM ${runs.joinToString(" / ") { "%.3f".format(medianRatio(it[0], it[1])) }}",
    )
}

/** This JVM's class path with its Sluice jar (or `lib/target/classes`) replaced by [jar]. */
private fun withSluice(jar: String): String {
    val entries = System.getProperty("java.class.path").split(File.pathSeparator)
    val sluice = entries.filter { it.matches(Regex(".*/sluice-[0-9][^/]*\\.jar")) || it.endsWith("lib/target/classes") }
    check(sluice.size == 1) { "expected one Sluice entry on the class path, found $sluice" }
    return entries.joinToString(File.pathSeparator) { if (it == sluice[0]) File(jar).absolutePath else it }
}
