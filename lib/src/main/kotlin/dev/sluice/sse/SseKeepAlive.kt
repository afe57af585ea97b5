@file:JvmName("SseKeepAlive")

package dev.sluice.sse

import dev.sluice.internal.sse.keepAliveFlow
import kotlinx.coroutines.flow.Flow

/**
 * This flow with a comment frame (`: keep-alive`, or [comment]) inserted whenever [interval]
 * passes without a frame, counted from the moment the previous frame was taken downstream (for a
 * writer: written). Proxies and clients with idle timeouts then keep the connection. Nothing runs
 * once the collection ends: the timer lives in the collecting coroutine (Kotlin only; virtual time
 * in `runTest` drives it).
 *
 * ```kotlin
 * channel.writeSse(llm.events(request).toSse(Provider.OPENAI_CHAT).withKeepAlive(15.seconds))
 * ```
 */
@JvmSynthetic
public fun Flow<SseEvent>.withKeepAlive(interval: kotlin.time.Duration, comment: String = "keep-alive"): Flow<SseEvent> {
    require(interval.isPositive()) { "the keep-alive interval must be positive, was $interval" }
    return keepAliveFlow(this, interval.inWholeMilliseconds.coerceAtLeast(1), SseEvent.comment(comment))
}

/** As the Kotlin `withKeepAlive`, with a [java.time.Duration] (whole milliseconds, at least 1). */
@JvmOverloads
public fun Flow<SseEvent>.withKeepAlive(interval: java.time.Duration, comment: String = "keep-alive"): Flow<SseEvent> {
    require(!interval.isNegative && !interval.isZero) { "the keep-alive interval must be positive, was $interval" }
    val millis = try {
        interval.toMillis()
    } catch (e: ArithmeticException) {
        Long.MAX_VALUE
    }
    return keepAliveFlow(this, millis.coerceAtLeast(1), SseEvent.comment(comment))
}
