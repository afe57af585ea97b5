@file:JvmName("LoadSuite")

package dev.sluice.bench.load

import java.io.File
import java.util.concurrent.TimeUnit

/**
 * `LoadSuite <results dir> <small N> <big N> <big body MiB> <class path> [single-stream tokens]`:
 * starts the paced server in its own JVM, then each client run in its own JVM (so threads and heap
 * are the client's alone): Flow and Publisher views at both N, the Flow view at the big N again
 * with `Dispatchers.IO` capped at [CAPPED_IO] threads, openai-java's async streaming at the small
 * N, one unpaced stream end to end against openai-java ([SingleStream]), and the big body through
 * the bytes view with `-Xmx64m`. Each run writes `load-<name>.json`.
 */
public fun main(args: Array<String>) {
    val dir = File(args[0])
    val small = args[1].toInt()
    val big = args[2].toInt()
    val bodyMb = args[3]
    val cp = args[4]
    // 100,000 chunks: the process CPU clock ticks every 10 ms here, 0.1 µs per token at this length.
    val singleTokens = args.getOrNull(5) ?: "100000"
    val java = File(System.getProperty("java.home"), "bin/java").path
    val server = ProcessBuilder(java, "-Xmx1g", "-cp", cp, "dev.sluice.bench.load.PacedServer")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start()
    try {
        val ports = server.inputStream.bufferedReader().readLine().split(' ')
        val paced = ports[1]
        val bulk = ports[2]
        fun client(name: String, vararg command: String) {
            println("-- $name")
            val p = ProcessBuilder(java, *command).inheritIO().start()
            if (!p.waitFor(15, TimeUnit.MINUTES)) { p.destroyForcibly(); println("   timed out") }
        }
        for (n in listOf(small, big).distinct()) {
            for (view in listOf("flow", "publisher")) {
                client("$view x $n", "-Xmx1g", "-cp", cp, "dev.sluice.bench.load.LoadClient", view, "$n", paced, File(dir, "load-$view-$n.json").path)
            }
        }
        // The same big run with Dispatchers.IO capped (Ktor's socket coroutines run there; by default it grows to 64 threads).
        client("flow x $big, IO parallelism $CAPPED_IO", "-Xmx1g", "-Dkotlinx.coroutines.io.parallelism=$CAPPED_IO", "-cp", cp, "dev.sluice.bench.load.LoadClient", "flow", "$big", paced, File(dir, "load-flow-$big-io$CAPPED_IO.json").path)
        client("openai-java x $small", "-Xmx1g", "-cp", cp, "dev.sluice.bench.load.LoadClient", "openai-java", "$small", paced, File(dir, "load-openai-java-$small.json").path)
        client("single stream, $singleTokens tokens", "-Xmx1g", "-cp", cp, "dev.sluice.bench.load.SingleStream", bulk, "$singleTokens", "5", File(dir, "load-single-stream.json").path)
        client("big body $bodyMb MiB", "-Xmx64m", "-cp", cp, "dev.sluice.bench.load.BigBody", bodyMb, bulk, File(dir, "load-big-body.json").path)
    } finally {
        server.outputStream.close()
        if (!server.waitFor(5, TimeUnit.SECONDS)) server.destroyForcibly()
    }
}

/** The `kotlinx.coroutines.io.parallelism` of the capped run: Ktor's socket coroutines need few threads. */
private const val CAPPED_IO = 8
