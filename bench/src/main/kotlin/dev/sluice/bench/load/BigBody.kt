@file:JvmName("BigBody")

package dev.sluice.bench.load

import dev.sluice.bench.Record
import dev.sluice.http.HttpClient
import kotlinx.coroutines.runBlocking
import java.io.File
import java.lang.management.ManagementFactory

/** `BigBody <MiB> <bulk port> <out.json>`: reads the body through the bytes view; run it with `-Xmx64m`. */
public fun main(args: Array<String>) {
    val mb = args[0].toLong()
    val start = System.nanoTime()
    var total = 0L
    HttpClient().use { client ->
        runBlocking { client.get("http://127.0.0.1:${args[1]}/$mb").bytes().collect { total += it.size } }
    }
    val seconds = (System.nanoTime() - start) / 1e9
    val peakHeap = ManagementFactory.getMemoryPoolMXBeans().filter { it.type == java.lang.management.MemoryType.HEAP }
        .sumOf { it.peakUsage.used } / 1048576.0
    val maxHeap = Runtime.getRuntime().maxMemory() / 1048576.0
    fun r(metric: String, value: Double, unit: String) = Record("load/big-body", "sluice (bytes view)", "$mb MiB body, -Xmx64m", metric, value, unit, null)
    val records = listOf(
        r("completed", if (total == mb shl 20) 1.0 else 0.0, "bodies"),
        r("bytes-read", total.toDouble(), "bytes"),
        r("throughput", total / 1e6 / seconds, "MB/s"),
        r("peak-heap-pools", peakHeap, "MB"),
        r("max-heap", maxHeap, "MB"),
    )
    Record.write(File(args[2]), records)
    records.forEach { println("  ${it.metric} = ${"%.1f".format(it.value)} ${it.unit}") }
}
