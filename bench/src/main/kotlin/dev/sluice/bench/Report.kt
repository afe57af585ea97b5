@file:JvmName("Report")

package dev.sluice.bench

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.double
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.File

/**
 * Turns JMH's JSON results (and the load programs' records) into `latest.json` and `latest.md`:
 * `Report <results-dir> <jmh.json>... ` reads also every `load-*.json` in the directory, and puts
 * `framing-pairs.md` (paired CPU ratios, `FramingPairs`) after the framing tables of `latest.md`
 * and `one-stream-pairs.md` (`OneStreamPairs`) before the targets, when they are there.
 * Inputs are rebuilt at `-Dsluice.bench.bytes` (what the benchmarks ran with) to count bytes and
 * events, so JMH's ops/s and B/op become MB/s and B/event.
 */
public fun main(args: Array<String>) {
    val dir = File(args[0])
    val records = ArrayList<Record>()
    for (path in args.drop(1)) records += jmhRecords(File(path))
    dir.listFiles { f -> f.name.startsWith("load-") && f.name.endsWith(".json") }?.sortedBy { it.name }
        ?.forEach { records += Record.read(it) }
    Record.write(File(dir, "latest.json"), records)
    val tables = Markdown.render(records, Inputs.targetBytes()) { input -> size(input).let { it.bytes to it.events } }
    val pairs = File(dir, "framing-pairs.md").takeIf { it.isFile }?.readText()
    val oneStream = File(dir, "one-stream-pairs.md").takeIf { it.isFile }?.readText()
    val framed = if (pairs == null) tables else afterFraming(tables, pairs)
    File(dir, "latest.md").writeText(if (oneStream == null) framed else beforeTargets(framed, oneStream))
    println("wrote ${records.size} records to ${File(dir, "latest.json")} and latest.md")
}

/** [section] placed before the targets' section (after the load tables), or at the end. */
private fun beforeTargets(tables: String, section: String): String = insertAt(tables, tables.indexOf("\n## Targets"), section)

/** [section] placed after the JMH framing tables: before the next section, or at the end. */
private fun afterFraming(tables: String, section: String): String {
    val framing = tables.indexOf("\n## SSE framing\n")
    return insertAt(tables, if (framing < 0) -1 else tables.indexOf("\n## ", framing + 1), section)
}

/** [section] inserted at the line break [at] (a section's start), or appended when [at] is negative. */
private fun insertAt(tables: String, at: Int, section: String): String =
    if (at < 0) tables.trimEnd() + "\n\n" + section else tables.substring(0, at + 1) + section.trimEnd() + "\n" + tables.substring(at)

private class InputSize(val bytes: Int, val events: Long)

private val sizes = HashMap<String, InputSize>()

private fun size(input: String): InputSize = sizes.getOrPut(input) {
    val bytes = Inputs.build(input, Inputs.targetBytes())
    InputSize(bytes.size, Inputs.eventCount(bytes))
}

/** Library (artifact) for each benchmark method. */
private fun library(bench: String, method: String, input: String): String = when (method) {
    "sluicePush" -> "sluice (push SseDecoder)"
    "sluiceFlow" -> "sluice (Flow.decodeSse)"
    "sluiceReader" -> "sluice (Java SseEventReader)"
    "sluiceZeroCopy" -> "sluice (zero-copy)"
    "sluiceZeroCopyReusedRead" -> "sluice (zero-copy, one reused read buffer)"
    "okhttpSse" -> "okhttp-sse"
    "okhttpEventsource" -> "okhttp-eventsource"
    "ktorSse" -> "ktor-client-core (SSE plugin, ktor-client-mock)"
    "sluice" -> "sluice (SseDecoder + LlmStreamDecoder)"
    "officialSdk" -> if (input.startsWith("anthropic")) "anthropic-java (MessageAccumulator)" else "openai-java (ChatCompletionAccumulator)"
    else -> "$bench.$method"
}

private fun jmhRecords(file: File): List<Record> = Json.parseToJsonElement(file.readText()).jsonArray.flatMap { element ->
    val run = element.jsonObject
    val full = run["benchmark"]!!.jsonPrimitive.content
    val bench = full.substringBeforeLast('.').substringAfterLast('.')
    val method = full.substringAfterLast('.')
    val input = run["params"]?.jsonObject?.get("input")?.jsonPrimitive?.content ?: "-"
    val group = when (bench) {
        "SseFramingBench" -> "sse-framing"
        "LlmDecodeBench" -> "llm-decode"
        else -> bench
    }
    val lib = library(bench, method, input)
    val size = size(input)
    val primary = run["primaryMetric"]!!.jsonObject
    val opsPerSecond = primary["score"]!!.jsonPrimitive.double
    val opsError = primary["scoreError"]?.jsonPrimitive?.doubleOrNull?.takeIf { !it.isNaN() }
    val mb = size.bytes / 1e6
    val out = arrayListOf(
        Record("$group/$method", lib, input, "throughput", opsPerSecond * mb, "MB/s", opsError?.times(mb)),
    )
    val alloc = (run["secondaryMetrics"] as? JsonObject)?.entries?.firstOrNull { it.key.endsWith("gc.alloc.rate.norm") }?.value?.jsonObject
    if (alloc != null) {
        val perOp = alloc["score"]!!.jsonPrimitive.double
        val err = alloc["scoreError"]?.jsonPrimitive?.doubleOrNull?.takeIf { !it.isNaN() }
        out += Record("$group/$method", lib, input, "alloc", perOp / size.events, "B/event", err?.div(size.events))
    }
    out
}
