@file:JvmName("DecodeSseSample")

package dev.sluice.samples.decode

import dev.sluice.DecodeLimits
import dev.sluice.sse.SseDecoder
import dev.sluice.sse.SseStreamState
import dev.sluice.sse.decodeSse
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.runBlocking

/** Kotlin: decode SSE from a Flow of byte chunks (split anywhere), keeping the reconnection state. */
internal suspend fun printEvents(chunks: Flow<ByteArray>) {
    // snippet:begin decode-sse-flow
    val state = SseStreamState()
    chunks.decodeSse(DecodeLimits().withMaxEventBytes(1 shl 20), state).collect { event ->
        println("${event.type}: ${event.data} (id ${event.id})")
    }
    println("reconnect with Last-Event-ID ${state.lastEventId} after ${state.retryMillis ?: 3000} ms")
    // snippet:end
}

/** Kotlin: the push decoder, for bytes you already hold. */
internal fun pushDecode(bytes: ByteArray) {
    val decoder = SseDecoder({ event -> println(event.data) })
    decoder.feed(bytes)
    decoder.end()
}

public fun main() {
    val chunks = flowOf("id: 1\nretry: 1500\ndata: hel".toByteArray(), "lo\n\n".toByteArray())
    runBlocking { printEvents(chunks) }
    pushDecode("data: pushed\n\n".toByteArray())
}
