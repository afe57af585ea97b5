package dev.sluice.bench.perf

import dev.sluice.bench.Inputs
import dev.sluice.bench.KotlinDrivers
import dev.sluice.llm.LlmStreamDecoder
import dev.sluice.llm.request.Provider
import dev.sluice.sse.SseDecoder
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseViewDecoder
import okhttp3.sse.internal.ServerSentEventReader
import okio.buffer
import okio.source
import java.io.ByteArrayInputStream
import java.util.function.LongSupplier

/**
 * [framingPass] over a fresh copy of [input] of [size] bytes, as a JDK type: `TakingTurns` calls
 * it through a class loader of its own per pass, where Kotlin's function types are other classes.
 */
public fun framingSupplier(mode: String, input: String, size: Int): LongSupplier {
    val bytes = Inputs.build(input, size)
    val pass = framingPass(mode, input, bytes, Inputs.split(bytes))
    return LongSupplier { pass() }
}

/** The passes `FramingCpu` and `TakingTurns` time: one whole input each, returning a checksum. */
internal val FRAMING_MODES = listOf("push", "push-kept", "flow", "zero-copy", "okhttp-sse", "llm", "llm-flow", "llm-loopback", "llm-loopback-each", "openai-java-loopback")

/** One pass of [mode] over [bytes] (fed as [reads]); see `FramingCpu` for what each mode does. */
internal fun framingPass(mode: String, input: String, bytes: ByteArray, reads: List<ByteArray>): () -> Long = when (mode) {
    "push" -> { -> push(reads) }
    "push-kept" -> { -> pushKept(reads) }
    "flow" -> { -> KotlinDrivers.sluiceFlow(reads) }
    "zero-copy" -> { -> zeroCopy(reads) }
    "okhttp-sse" -> { -> okhttp(bytes) }
    "llm" -> { -> llm(reads, providerOf(input)) }
    "llm-flow" -> { -> KotlinDrivers.sluiceLlmFlow(reads, providerOf(input)) }
    "llm-loopback" -> llmLoopback(reads, providerOf(input))
    "llm-loopback-each" -> llmLoopback(reads, providerOf(input), writeEach = true)
    "openai-java-loopback" -> {
        require(providerOf(input) == Provider.OPENAI_CHAT) { "openai-java reads OpenAI chat streams, not $input" }
        openAiJavaLoopback(reads)
    }
    else -> throw IllegalArgumentException("unknown mode $mode: ${FRAMING_MODES.joinToString()}")
}

private fun providerOf(input: String): Provider = if (input.startsWith("anthropic")) Provider.ANTHROPIC else Provider.OPENAI_CHAT

private fun push(reads: List<ByteArray>): Long {
    var chars = 0L
    val decoder = SseDecoder({ chars += it.data.length })
    for (read in reads) decoder.feed(read, 0, read.size)
    decoder.end()
    return chars
}

/**
 * [push] with a consumer that keeps each event for a moment (the last one in a list, as a consumer
 * that queues or forwards events does), so escape analysis cannot drop the event object, which the
 * Flow has to build to emit it.
 */
private fun pushKept(reads: List<ByteArray>): Long {
    var chars = 0L
    val kept = ArrayList<ServerSentEvent>(1)
    val decoder = SseDecoder({
        kept.clear()
        kept.add(it)
        chars += kept[0].data.length
    })
    for (read in reads) decoder.feed(read, 0, read.size)
    decoder.end()
    return chars
}

private fun zeroCopy(reads: List<ByteArray>): Long {
    var bytes = 0L
    val decoder = SseViewDecoder({ bytes += it.data().remaining() })
    for (read in reads) decoder.feed(read, 0, read.size)
    decoder.end()
    return bytes
}

private fun llm(reads: List<ByteArray>, provider: Provider): Long {
    val llm = LlmStreamDecoder(provider)
    val sse = SseDecoder(llm::feed)
    for (read in reads) sse.feed(read, 0, read.size)
    sse.end()
    llm.end()
    return llm.snapshot().text.length.toLong()
}

private fun okhttp(bytes: ByteArray): Long {
    var chars = 0L
    val reader = ServerSentEventReader(
        ByteArrayInputStream(bytes).source().buffer(),
        object : ServerSentEventReader.Callback {
            override fun onEvent(id: String?, type: String?, data: String) {
                chars += data.length
            }

            override fun onRetryChange(timeMs: Long) = Unit
        },
    )
    var more = true
    while (more) more = reader.processNextEvent()
    return chars
}
