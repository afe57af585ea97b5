@file:JvmName("SseFlows")

package dev.sluice.sse

import dev.sluice.DecodeLimits
import dev.sluice.internal.sse.SseFlow
import kotlinx.coroutines.flow.Flow

/**
 * Decodes a byte stream, split in any way, into the events it dispatches. Cold, like its source:
 * each collection decodes afresh.
 *
 * @param state optional holder of the last event ID and reconnection time: the decoder starts from
 *   its [SseStreamState.lastEventId] and keeps it up to date as events are delivered, so it can be
 *   read after (or during) collection and passed to the next connection.
 * @throws dev.sluice.LimitExceededException from collection when a line or event is too large.
 */
@JvmOverloads
public fun Flow<ByteArray>.decodeSse(
    limits: DecodeLimits = DecodeLimits(),
    state: SseStreamState? = null,
): Flow<ServerSentEvent> {
    return SseFlow(this, limits, state)
}
