@file:JvmName("SseWriting")

package dev.sluice.sse

import dev.sluice.internal.sse.frameBytes
import dev.sluice.internal.stream.NeedsAndroidApi30
import dev.sluice.stream.SluiceStream
import dev.sluice.stream.StreamPublisher
import io.ktor.utils.io.ByteWriteChannel
import io.ktor.utils.io.writeFully
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.map
import java.nio.ByteBuffer
import java.util.concurrent.Executor

/**
 * Writes [event] to this channel and flushes it (Kotlin only). For instance in a Ktor server:
 * `call.respondBytesWriter(ContentType.Text.EventStream) { writeSse(SseEvent("hi")) }`. See
 * [SseEvent] for what a frame may hold. A closed channel (the client went away) raises the
 * channel's exception.
 */
@JvmSynthetic
public suspend fun ByteWriteChannel.writeSse(event: SseEvent) {
    writeFully(frameBytes(event))
    flush()
}

/**
 * Writes every frame of [events] as it comes, each flushed, until the flow completes (Kotlin only).
 * The channel stays open: its owner closes it. An error of the flow is rethrown after the frames
 * before it were written; add `withKeepAlive` to the flow for keep-alive comments.
 */
@JvmSynthetic
public suspend fun ByteWriteChannel.writeSse(events: Flow<SseEvent>) {
    events.collect { writeSse(it) }
}

/**
 * The frames as UTF-8 bytes, one [ByteBuffer] per frame, produced as the flow is collected (so in
 * step with whoever collects it); a relay flushes each buffer as it gets it.
 */
public fun Flow<SseEvent>.encodeSse(): Flow<ByteBuffer> = map { ByteBuffer.wrap(frameBytes(it)) }

/**
 * The frames as a `Flow.Publisher<ByteBuffer>` (Spring WebFlux through `FlowAdapters`, Helidon,
 * `HttpRequest.BodyPublishers.fromPublisher`...), one buffer per frame, with real demand: each
 * subscription collects this flow once, and a frame is produced only when the subscriber has
 * requested it (at most one is held ahead), so a slow client slows the source, and `cancel()`
 * cancels the collection (for an LLM relay: closes the upstream connection). Threads, errors and
 * cancellation are those of [StreamPublisher]; signals run on [executor] when given, else on
 * `Dispatchers.IO`. Needs Android API 30.
 *
 * For Java code that produces frames imperatively, `SseWriter.toSubscriber` is the blocking
 * alternative.
 */
@JvmOverloads
@NeedsAndroidApi30
public fun Flow<SseEvent>.ssePublisher(executor: Executor? = null): StreamPublisher<ByteBuffer> {
    val stream = SluiceStream.of(encodeSse())
    return if (executor == null) stream.publisher() else stream.publisher(executor)
}
