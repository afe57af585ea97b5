@file:JvmName("Ticks")

package dev.sluice.samples.views

import dev.sluice.sse.ServerSentEvent
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/** An endless stream, one `tick` event every [periodMillis]: only a cancel ends it. */
fun ticks(periodMillis: Long): Flow<ServerSentEvent> = flow {
    var n = 0
    while (true) {
        emit(ServerSentEvent("tick", (n++).toString(), null))
        delay(periodMillis)
    }
}
