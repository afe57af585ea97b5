package dev.sluice.bench.load

import dev.sluice.bench.Record
import java.lang.management.ManagementFactory
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLongArray
import kotlin.concurrent.thread

/** A histogram of durations in µs, 100 µs buckets up to 120 s; thread-safe. */
internal class Histogram {
    private val buckets = AtomicLongArray(1_200_001)
    private val count = java.util.concurrent.atomic.AtomicLong()

    fun add(micros: Long) {
        buckets.incrementAndGet((micros.coerceAtLeast(0) / 100).coerceAtMost(1_200_000L).toInt())
        count.incrementAndGet()
    }

    val size: Long get() = count.get()

    /** The [q] quantile in ms (bucket upper bound). */
    fun quantileMillis(q: Double): Double {
        val total = count.get()
        if (total == 0L) return Double.NaN
        val rank = kotlin.math.ceil(q * total).toLong().coerceAtLeast(1)
        var seen = 0L
        for (i in 0 until buckets.length()) {
            seen += buckets.get(i)
            if (seen >= rank) return (i + 1) / 10.0
        }
        return Double.NaN
    }
}

/** What one load run measures on the client: streams, threads (by family), heap, CPU, token delays. */
internal class LoadStats(private val streams: Int) {
    val delay = Histogram()          // consumer receive - server write
    val lateness = Histogram()       // consumer receive - schedule
    val serverLateness = Histogram() // server write - schedule
    val open = AtomicInteger()
    val completed = AtomicInteger()
    val failed = AtomicInteger()
    val firstFailure = java.util.concurrent.atomic.AtomicReference<Throwable>()
    @Volatile var peakOpen = 0
    @Volatile var heapAllOpenMb = Double.NaN
    private val familyPeak = ConcurrentHashMap<String, Int>()
    @Volatile private var peakThreads = 0
    @Volatile private var running = true
    private val cpuStart = processCpuNanos()
    private val wallStart = System.nanoTime()

    /** A token's text ` t<scheduled>_<written>` arrived now. */
    fun token(text: String) {
        val at = now()
        val s = text.indexOf('t')
        val u = text.indexOf('_')
        if (s < 0 || u < 0) return
        val scheduled = text.substring(s + 1, u).toLong()
        val written = text.substring(u + 1).trim().toLong()
        delay.add(at - written)
        lateness.add(at - scheduled)
        serverLateness.add(written - scheduled)
    }

    fun opened() {
        val n = open.incrementAndGet()
        if (n > peakOpen) peakOpen = n
    }

    fun closed(ok: Boolean, failure: Throwable? = null) {
        open.decrementAndGet()
        if (ok) completed.incrementAndGet() else { failed.incrementAndGet(); firstFailure.compareAndSet(null, failure) }
    }

    fun startSampling(): Thread = thread(isDaemon = true, name = "load-sampler") {
        while (running) {
            val threads = Thread.getAllStackTraces().keys
            if (threads.size > peakThreads) peakThreads = threads.size
            threads.groupingBy { family(it.name) }.eachCount().forEach { (f, n) -> familyPeak.merge(f, n, ::maxOf) }
            if (heapAllOpenMb.isNaN() && open.get() >= streams) {
                System.gc()
                heapAllOpenMb = ManagementFactory.getMemoryMXBean().heapMemoryUsage.used / 1048576.0
            }
            Thread.sleep(50)
        }
    }

    fun records(name: String, library: String, input: String): List<Record> {
        running = false
        val wall = (System.nanoTime() - wallStart) / 1e9
        val cpu = (processCpuNanos() - cpuStart) / 1e6
        val tokens = delay.size
        fun r(metric: String, value: Double, unit: String) = Record(name, library, input, metric, value, unit, null)
        val out = arrayListOf(
            r("streams", streams.toDouble(), "streams"),
            r("completed", completed.get().toDouble(), "streams"),
            r("failed", failed.get().toDouble(), "streams"),
            r("peak-open", peakOpen.toDouble(), "streams"),
            r("wall-time", wall, "s"),
            r("tokens", tokens.toDouble(), "tokens"),
            r("peak-threads", peakThreads.toDouble(), "threads"),
            r("heap-after-gc-all-open", heapAllOpenMb, "MB"),
            r("cpu-per-stream", cpu / streams, "ms"),
            r("cpu-per-token", if (tokens == 0L) Double.NaN else cpu * 1000 / tokens, "µs"),
            r("token-delay-p50", delay.quantileMillis(0.5), "ms"),
            r("token-delay-p99", delay.quantileMillis(0.99), "ms"),
            r("token-delay-max", delay.quantileMillis(1.0), "ms"),
            r("lateness-p50", lateness.quantileMillis(0.5), "ms"),
            r("lateness-p99", lateness.quantileMillis(0.99), "ms"),
            r("lateness-max", lateness.quantileMillis(1.0), "ms"),
            r("server-lateness-p99", serverLateness.quantileMillis(0.99), "ms"),
        )
        familyPeak.entries.sortedByDescending { it.value }.take(6).forEach { (f, n) -> out += r("peak-threads:$f", n.toDouble(), "threads") }
        return out
    }

    private fun family(name: String): String = name.replace(Regex("[0-9]+"), "#")

    private fun processCpuNanos(): Long =
        (ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean).processCpuTime
}
