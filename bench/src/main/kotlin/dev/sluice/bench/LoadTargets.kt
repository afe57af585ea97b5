package dev.sluice.bench

/** The end-to-end and load targets, checked against one run's load records. */
internal object LoadTargets {
    private fun List<Record>.find(name: String, metric: String, lib: (String) -> Boolean): Record? =
        firstOrNull { it.name == name && it.metric == metric && lib(it.library) }

    /** [decodeMicrosPerChunk]: the in-memory cost of one OpenAI chat chunk, bytes to accumulated message. */
    fun check(records: List<Record>, decodeMicrosPerChunk: Double?): List<Targets.Check> {
        val out = ArrayList<Targets.Check>()
        val single = "load/single-stream"
        // One pair of rows per server write pattern (one write per chunk; 64 KiB writes).
        for (input in records.filter { it.name == single }.map { it.input }.distinct()) {
            val rows = records.filter { it.input == input }
            val ours = rows.find(single, "tokens-per-s") { "sluice" in it }
            val peer = rows.find(single, "tokens-per-s") { it.startsWith("openai-java") }
            // The plain socket read that parses nothing: what reading these bytes costs at all.
            val plain = rows.find(single, "tokens-per-s") { it.startsWith("reference") }
            if (ours != null && peer != null) {
                val ratio = ours.value / peer.value
                val bound = plain?.let { "; a plain socket read: %s tokens/s = %.2fx".format(Markdown.fmt(it.value), it.value / peer.value) }.orEmpty()
                out += Targets.Check(
                    "one stream end to end ($input): >= 5x openai-java's tokens/s",
                    "%.2fx (%s vs %s tokens/s%s)".format(ratio, Markdown.fmt(ours.value), Markdown.fmt(peer.value), bound),
                    ratio >= 5,
                )
            }
            val cpu = rows.find(single, "cpu-per-token") { "sluice" in it }
            if (cpu != null && decodeMicrosPerChunk != null) {
                val ratio = cpu.value / decodeMicrosPerChunk
                val floor = rows.find(single, "cpu-per-token") { it.startsWith("reference") }?.let { "; a plain socket read alone: %s µs".format(Markdown.fmt(it.value)) }.orEmpty()
                out += Targets.Check(
                    "one stream end to end ($input): client CPU per token within 10x of in-memory decoding",
                    "%s µs vs %s µs in memory (%.1fx%s)".format(Markdown.fmt(cpu.value), Markdown.fmt(decodeMicrosPerChunk), ratio, floor),
                    ratio <= 10,
                )
            }
        }
        val paced = records.filter { it.name == "load/paced-streams" && "sluice" in it.library }
        val biggest = paced.filter { it.metric == "streams" }.maxByOrNull { it.value } ?: return out
        for (library in paced.filter { it.metric == "streams" && it.input == biggest.input }.map { it.library }.distinct()) {
            // the biggest run's own records: the same library also ran the smaller N
            fun v(metric: String) = paced.find { it.library == library && it.input == biggest.input && it.metric == metric }?.value
            val n = biggest.value.toInt()
            val label = "$n paced streams, $library"
            val open = v("peak-open")
            val done = v("completed")
            out += Targets.Check("$label: all open at once and complete", "%s open, %s completed".format(open?.toInt(), done?.toInt()), open == biggest.value && done == biggest.value)
            v("peak-threads")?.let { out += Targets.Check("$label: at most 64 live threads", "${it.toInt()}", it <= 64) }
            val heap = v("heap-after-gc-all-open")
            out += Targets.Check("$label: heap under 1 GiB", heap?.let { "${Markdown.fmt(it)} MB" } ?: "not sampled (never all open)", heap != null && heap < 1024)
            val p99 = v("token-delay-p99")
            val late = v("server-lateness-p99")
            if (p99 != null) {
                out += Targets.Check(
                    "$label: token delay p99 < 50 ms (when the server keeps its schedule)",
                    "%s ms (server lateness p99 %s ms)".format(Markdown.fmt(p99), late?.let(Markdown::fmt) ?: "?"),
                    p99 < 50,
                )
            }
        }
        return out
    }
}
