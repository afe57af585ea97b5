@file:JvmName("SseFlows")

package dev.sluice.sse

import dev.sluice.DecodeLimits
import kotlinx.coroutines.flow.Flow

/** Decodes a byte stream, split in any way, into the events it dispatches. Cold, like its source. */
public fun Flow<ByteArray>.decodeSse(limits: DecodeLimits = DecodeLimits()): Flow<ServerSentEvent> = TODO()
