package dev.sluice.llm

import dev.sluice.llm.request.Provider
import dev.sluice.sse.ServerSentEvent
import java.io.File
import kotlin.random.Random
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.jupiter.api.Test

/**
 * Holds the codecs' tree-free paths to the tree path: every recorded stream of the test resources,
 * and variants of the Chat Completions and Anthropic ones ([ChunkVariants]: other white space, escapes, key
 * order, unknown members, nulls, other types, repeated keys, cut and spoiled chunks), decoded
 * strictly and leniently with the fast path on and off, give the same events (from the same raw
 * events, whose tree, parsed on demand, is the same), the same errors and the same results.
 */
class FastPathDifferentialTest {
    @Test
    fun everyRecordedStreamDecodesAlikeWithAndWithoutTheFastPath() {
        val stats = Stats()
        for ((name, provider, events) in recordedStreams()) assertSameDecoding(provider, events, name, stats)
        assertTrue(stats.fast > 100, "the fast path decoded only ${stats.fast} of ${stats.events} events")
    }

    @Test
    fun variantsOfChatStreamsDecodeAlikeWithAndWithoutTheFastPath() {
        assertVariantsDecodeAlike { it.usesChatCodec() }
    }

    @Test
    fun variantsOfAnthropicStreamsDecodeAlikeWithAndWithoutTheFastPath() {
        assertVariantsDecodeAlike { it == Provider.ANTHROPIC }
    }

    private fun assertVariantsDecodeAlike(provider: (Provider) -> Boolean) {
        val stats = Stats()
        val streams = recordedStreams().filter { provider(it.provider) && it.events.none { e -> e.data.startsWith("\u0000") } }
        for ((name, provider, events) in streams) {
            for (seed in 0 until VARIANTS) {
                val variants = ChunkVariants(Random(name.hashCode() * 31 + seed))
                val rate = listOf(0.02, 0.1, 0.3)[seed % 3]
                val varied = events.map { e ->
                    val type = if (seed % 17 == 5 && e.data.length % 5 == 0) "error" else e.type
                    ServerSentEvent(type, if (e.data.trim() == "[DONE]") e.data else variants.variant(e.data, rate), null)
                }
                assertSameDecoding(provider, varied, "$name variant $seed", stats)
            }
        }
        // Both paths must have been taken often, and errors met, or the comparison proves little.
        println("fast path differential: ${stats.fast} fast, ${stats.fallback} tree of ${stats.events} events, ${stats.errors} failed streams")
        assertTrue(stats.fast > stats.events / 5, "fast path: ${stats.fast} of ${stats.events} events")
        assertTrue(stats.fallback > stats.events / 10, "tree path: ${stats.fallback} of ${stats.events} events")
        assertTrue(stats.errors > 50, "only ${stats.errors} streams failed")
    }

    private class Stats {
        var events = 0
        var fast = 0
        var fallback = 0
        var errors = 0
    }

    private data class Recorded(val name: String, val provider: Provider, val events: List<ServerSentEvent>)

    private fun Provider.usesChatCodec() = this == Provider.OPENAI_CHAT || this == Provider.OPENAI_COMPATIBLE

    private fun recordedStreams(): List<Recorded> {
        val out = ArrayList<Recorded>()
        for (folder in listOf("conformance/llm", "fixtures/llm", "fixtures/llm-strict")) {
            for (name in LlmFixtures.streams(folder)) {
                val provider = if (name.startsWith("gemini")) Provider.GEMINI else LlmFixtures.providerOf(name)
                out += Recorded("$folder/$name", provider, wireEvents(provider, LlmFixtures.text("$folder/$name")))
            }
        }
        val fuzz = "dev/sluice/fuzz/LlmDecoderFuzzTestInputs"
        val fuzzProviders = mapOf(
            "openAiChat" to Provider.OPENAI_CHAT, "openAiCompatible" to Provider.OPENAI_COMPATIBLE,
            "openAiResponses" to Provider.OPENAI_RESPONSES, "anthropic" to Provider.ANTHROPIC, "gemini" to Provider.GEMINI,
        )
        for ((method, provider) in fuzzProviders) {
            val dir = File(javaClass.classLoader.getResource("$fuzz/$method")!!.toURI())
            for (file in dir.listFiles().orEmpty().sortedBy { it.name }) {
                out += Recorded("$method/${file.name}", provider, wireEvents(provider, file.readText(Charsets.UTF_8)))
            }
        }
        return out
    }

    /** The wire events of a body; NDJSON lines become default-type events (fed with [LlmStreamDecoder.feedLine]). */
    private fun wireEvents(provider: Provider, body: String): List<ServerSentEvent> =
        if (provider.isNdjson) body.lines().map { ServerSentEvent("message", it, null) } else sseEvents(body)

    private fun assertSameDecoding(provider: Provider, events: List<ServerSentEvent>, context: String, stats: Stats) {
        for (lenient in listOf(false, true)) {
            val tree = decode(provider, events, lenient, fastPath = false)
            val fast = decode(provider, events, lenient, fastPath = true)
            fun where() = "$context (lenient $lenient)\n${events.joinToString("\n") { "${it.type}: ${it.data}" }}"
            fun same(expected: Any?, actual: Any?, what: String) {
                if (expected != actual) assertEquals(expected, actual, "$what, ${where()}")
            }
            same(tree.describe(), fast.describe(), "events and error")
            same(tree.result, fast.result, "result")
            same(tree.decoder.skippedCount, fast.decoder.skippedCount, "skipped")
            // The tree of a fast-decoded event, parsed when first read, is the tree path's.
            tree.events.zip(fast.events).forEach { (t, f) -> same(t.raw.json, f.raw.json, "tree of ${f.raw}") }
            if (!lenient) {
                val raws = fast.events.map { it.raw }.distinct()
                stats.events += raws.size
                stats.fast += raws.count { it.scanned != null }
                stats.fallback += raws.count { it.scanned == null }
                if (fast.error != null) stats.errors++
            }
        }
    }

    private class Outcome(val events: List<LlmEvent>, val error: Throwable?, val result: LlmResult, val decoder: LlmStreamDecoder) {
        /** Each event with its kind, fields and wire event (shared raw events share a number), then the error. */
        fun describe(): List<String> {
            val raws = ArrayList<LlmRawEvent>()
            val lines = events.map { e ->
                val n = raws.indexOfFirst { it === e.raw }.let { if (it < 0) raws.size.also { raws += e.raw } else it }
                "${e.kind} $e raw#$n ${e.raw.type} ${e.raw.offset} ${e.raw.data}"
            }
            val partial = (error as? LlmStreamException)?.partial ?: (error as? LlmInterruptedException)?.partial
            val err = error?.let { "error ${it.javaClass.name}: ${it.message} partial=$partial raw=${(it as? LlmStreamException)?.rawEvent}" }
            return lines + listOfNotNull(err)
        }
    }

    private fun decode(provider: Provider, events: List<ServerSentEvent>, lenient: Boolean, fastPath: Boolean): Outcome {
        val decoder = LlmStreamDecoder(provider, lenient)
        decoder.usesFastPath = fastPath
        val out = ArrayList<LlmEvent>()
        var error: Throwable? = null
        try {
            for (e in events) out += if (provider.isNdjson) decoder.feedLine(e.data) else decoder.feed(e)
            out += decoder.end()
        } catch (e: LlmStreamException) {
            error = e
        } catch (e: LlmInterruptedException) {
            error = e
        }
        return Outcome(out, error, decoder.snapshot(), decoder)
    }

    private companion object {
        const val VARIANTS = 30
    }
}
