@file:JvmName("SingleStream")

package dev.sluice.bench.load

import com.openai.client.okhttp.OpenAIOkHttpClient
import com.openai.helpers.ChatCompletionAccumulator
import com.openai.models.chat.completions.ChatCompletionCreateParams
import dev.sluice.bench.Record
import dev.sluice.llm.LlmClient
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import kotlinx.coroutines.runBlocking
import java.io.File
import java.lang.management.ManagementFactory

/**
 * One stream end to end, in its own JVM: `SingleStream <bulk port> <tokens> <rounds> <out.json>`.
 * The paced server's bulk port sends an unpaced OpenAI chat stream of `tokens` chunks, one write
 * per chunk, and then the same chunks written 64 KiB at a time ([INPUTS]); for each, Sluice's
 * `LlmClient.complete` and openai-java's blocking streaming with `ChatCompletionAccumulator` read
 * it in turn, and so does a plain blocking socket read that
 * parses nothing (the reference: what reading these bytes off loopback costs at all; not a speed
 * ceiling, since a reader that keeps up with the server gets one chunk per read). Each warms up
 * for [WARM_UP_ROUNDS] rounds and at least [WARM_UP_NANOS] (a 20,000-token stream took about
 * 0.1 s, so two rounds left the JIT half done), then `rounds` measured rounds alternate.
 * Records the median tokens/s, client CPU per token (the whole process: every thread the library
 * uses counts; its clock ticks every 10 ms, so use enough tokens per round) and context switches
 * per token (all of the process's threads, from `/proc`).
 */
public fun main(args: Array<String>) {
    val port = args[0]
    val tokens = args[1].toInt()
    val rounds = args[2].toInt()
    val records = INPUTS.flatMap { (path, writes) -> measure(port, path, tokens, rounds, "$tokens chunks, unpaced, $writes") }
    Record.write(File(args[3]), records)
    records.forEach { println("  ${it.input} | ${it.library}: ${it.metric} = ${"%.1f".format(it.value)} ${it.unit}") }
    System.exit(0)
}

/**
 * The bulk port's two chat streams: one write per chunk (what a real server sends; the server's
 * writes bound the rate) and the same chunks 64 KiB at a time (the readers' own cost shows).
 */
private val INPUTS = listOf("chat" to "one write per chunk", "chat-coalesced" to "written 64 KiB at a time")

/** Warms up and measures the three readers of the bulk port's `/<path>/<tokens>` stream. */
private fun measure(port: String, path: String, tokens: Int, rounds: Int, input: String): List<Record> {
    val base = "http://127.0.0.1:$port/$path/$tokens/v1"
    val expected = (1..tokens).joinToString("") { " w$it" }
    val sluice = LlmClient(
        ProviderConfig.builder(Provider.OPENAI_CHAT).baseUrl(base).apiKey("sk-e2e").environment(emptyMap<String, String>()).build(),
    )
    val request = ChatRequest.builder().model("e2e").user("go").build()
    val openAi = OpenAIOkHttpClient.builder().baseUrl(base).apiKey("sk-e2e").maxRetries(0).build()
    val params = ChatCompletionCreateParams.builder().model("e2e").addUserMessage("go").build()
    val runs = linkedMapOf<String, () -> String>(
        "sluice (LlmClient.complete)" to { runBlocking { sluice.complete(request).text } },
        "openai-java (blocking streaming + ChatCompletionAccumulator)" to {
            val accumulator = ChatCompletionAccumulator.create()
            openAi.chat().completions().createStreaming(params).use { stream -> stream.stream().forEach { accumulator.accumulate(it) } }
            accumulator.chatCompletion().choices()[0].message().content().orElse("")
        },
    )
    runs[PLAIN_READ] = { rawRead(port.toInt(), "/$path/$tokens/v1/chat/completions"); expected }
    for ((library, run) in runs) {
        val start = System.nanoTime()
        var round = 0
        while (round < WARM_UP_ROUNDS || System.nanoTime() - start < WARM_UP_NANOS) {
            check(run() == expected) { "$library read the wrong text while warming up" }
            round++
        }
    }
    val rates = runs.keys.associateWith { ArrayList<Double>() }
    val cpus = runs.keys.associateWith { ArrayList<Double>() }
    val switches = runs.keys.associateWith { ArrayList<Double>() }
    repeat(rounds) {
        for ((library, run) in runs) {
            val cpu0 = processCpuNanos()
            val switches0 = contextSwitches()
            val t0 = System.nanoTime()
            val text = run()
            val wall = System.nanoTime() - t0
            val cpu = processCpuNanos() - cpu0
            val switched = contextSwitches() - switches0
            check(text == expected) { "$library read ${text.length} chars, expected ${expected.length}" }
            rates.getValue(library) += tokens / (wall / 1e9)
            cpus.getValue(library) += cpu / 1e3 / tokens
            if (switched >= 0) switches.getValue(library) += switched.toDouble() / tokens
        }
    }
    sluice.close()
    openAi.close()
    return runs.keys.flatMap { library ->
        listOf(
            Record("load/single-stream", library, input, "tokens-per-s", median(rates.getValue(library)), "tokens/s", null),
            Record("load/single-stream", library, input, "cpu-per-token", median(cpus.getValue(library)), "µs", null),
        ) + switches.getValue(library).takeIf { it.isNotEmpty() }?.let {
            listOf(Record("load/single-stream", library, input, "context-switches-per-token", median(it), "switches", null))
        }.orEmpty()
    }
}

/** The reference's library name: no library, the bytes read off the socket and dropped. */
private const val PLAIN_READ = "reference: plain socket read, nothing parsed"
private const val WARM_UP_ROUNDS = 10
private const val WARM_UP_NANOS = 3_000_000_000L

/** Sends the request and reads the response to the server's close in 64 KiB reads, parsing nothing. */
private fun rawRead(port: Int, path: String) {
    java.net.Socket("127.0.0.1", port).use { socket ->
        val body = """{"model":"e2e","stream":true,"messages":[{"role":"user","content":"go"}]}"""
        socket.getOutputStream().write(
            "POST $path HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n$body".toByteArray(),
        )
        val input = socket.getInputStream()
        val buffer = ByteArray(1 shl 16)
        do {
            val count = input.read(buffer)
        } while (count >= 0)
    }
}

/** Voluntary and involuntary context switches of all the process's threads so far; -1 where `/proc` has none. */
private fun contextSwitches(): Long {
    val tasks = File("/proc/self/task").listFiles() ?: return -1
    var sum = 0L
    for (task in tasks) {
        val lines = runCatching { File(task, "status").readLines() }.getOrNull() ?: continue
        for (line in lines) if (line.contains("ctxt_switches:")) sum += line.substringAfter(':').trim().toLong()
    }
    return sum
}

private fun median(values: List<Double>): Double = values.sorted().let { it[it.size / 2] }

private fun processCpuNanos(): Long =
    (ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean).processCpuTime
