@file:JvmName("SseChannels")

package dev.sluice.sse

import dev.sluice.DecodeLimits
import dev.sluice.internal.sse.SseFlow
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.readAvailable
import kotlinx.coroutines.flow.Flow

/**
 * Decodes the events of a Ktor [ByteReadChannel] (for instance `HttpResponse.bodyAsChannel()`),
 * reading into one reused buffer until the channel closes. Collect it once: the channel is
 * consumed. Cancelling the collection stops reading but leaves the channel to its owner (the
 * HTTP call that produced it). See [decodeSse] on `Flow<ByteArray>` for [limits] and [state].
 */
@JvmOverloads
public fun ByteReadChannel.decodeSse(
    limits: DecodeLimits = DecodeLimits(),
    state: SseStreamState? = null,
): Flow<ServerSentEvent> {
    val channel = this
    return SseFlow({ onRead ->
        val buffer = ByteArray(READ_BUFFER_BYTES)
        while (true) {
            val n = channel.readAvailable(buffer, 0, buffer.size)
            if (n < 0) break
            onRead(buffer, n)
        }
    }, limits, state)
}

private const val READ_BUFFER_BYTES = 8192
