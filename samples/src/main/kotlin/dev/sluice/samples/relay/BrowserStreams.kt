package dev.sluice.samples.relay

import dev.sluice.llm.LlmEvent
import dev.sluice.llm.toTextSse
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.catch
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.serialization.json.JsonPrimitive
import java.security.SecureRandom
import kotlin.time.Duration

/**
 * The browser streams of a relay (`GET /stream`): each answer is generated once, into a
 * [ReplayStream], and read by whichever connection the browser has open, so a reconnecting
 * `EventSource` resumes from its `Last-Event-ID` instead of starting over.
 *
 * The generation keeps running while the browser is away for at most [detachGrace]; when no client
 * has read the stream for that long, the upstream request is cancelled (and its connection closed).
 * At most [maxStreams] streams are kept; finished ones are dropped first, oldest first.
 */
internal class BrowserStreams(
    private val scope: CoroutineScope,
    private val replayCapacity: Int,
    private val maxStreams: Int,
    private val detachGrace: Duration,
) {
    private val streams = LinkedHashMap<String, ReplayStream>()
    private val random = SecureRandom()

    /** Starts generating [events] into a new stream, or returns `null` when [maxStreams] are running. */
    fun start(events: Flow<LlmEvent>): ReplayStream? {
        val stream = synchronized(streams) {
            if (streams.size >= maxStreams) streams.values.firstOrNull { it.isFinished }?.let { streams.remove(it.id) }
            if (streams.size >= maxStreams) return null
            ReplayStream(newId(), replayCapacity).also { streams[it.id] = it }
        }
        val producer = scope.launch {
            try {
                events.toTextSse()
                    .catch { } // toTextSse has sent the error as an `error` event
                    .collect { frame -> if (frame.isEvent) stream.append(frame.type, browserData(frame.type, frame.data!!)) }
            } catch (e: CancellationException) {
                stream.append("error", """{"type":"cancelled","message":"no client read this stream for $detachGrace"}""")
                throw e
            } finally {
                stream.finish()
            }
        }
        scope.launch {
            while (!stream.isFinished) {
                val readers = stream.readers
                if (readers > 0) {
                    stream.awaitChange(readers)
                    continue
                }
                val back = withTimeoutOrNull(detachGrace) {
                    while (stream.readers == 0 && !stream.isFinished) stream.awaitChange(0)
                }
                if (back == null) {
                    producer.cancel()
                    break
                }
            }
        }
        return stream
    }

    /**
     * The stream and event number a `Last-Event-ID` names (`<stream>-<n>`), or `null` for an id
     * this relay does not know (never issued, or the stream was dropped).
     */
    fun resume(lastEventId: String): Pair<ReplayStream, Long>? {
        val dash = lastEventId.lastIndexOf('-')
        if (dash <= 0) return null
        val number = lastEventId.substring(dash + 1).toLongOrNull()?.takeIf { it >= 0 } ?: return null
        val stream = synchronized(streams) { streams[lastEventId.substring(0, dash)] } ?: return null
        return stream to number
    }

    private fun newId(): String {
        val bytes = ByteArray(9)
        random.nextBytes(bytes)
        return bytes.joinToString("") { "%02x".format(it) }
    }
}

/**
 * The data of a browser event: a `delta`'s text as a JSON string, so that every character of the
 * answer, CR included, reaches `EventSource` unchanged (SSE data turns CR and CRLF into LF); the
 * page reads it with `JSON.parse`. `done` and `error` data are JSON already.
 */
internal fun browserData(type: String?, data: String): String =
    if (type == "delta") JsonPrimitive(data).toString() else data
