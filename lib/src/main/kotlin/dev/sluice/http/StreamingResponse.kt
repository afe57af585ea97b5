package dev.sluice.http

import dev.sluice.DecodeLimits
import dev.sluice.internal.http.BODY_CLOSED
import dev.sluice.internal.http.BODY_OPEN
import dev.sluice.internal.http.BODY_READ
import dev.sluice.internal.http.ContentDecoder
import dev.sluice.internal.http.ContentDecodingException
import dev.sluice.internal.http.EVENT_STREAM
import dev.sluice.internal.http.READ_BUFFER_BYTES
import dev.sluice.internal.http.StreamWatchdog
import dev.sluice.internal.http.engine.BodyEnding
import dev.sluice.internal.http.mediaTypeOf
import dev.sluice.internal.secrets.Redaction
import dev.sluice.internal.secrets.Secrets
import dev.sluice.internal.sse.ByteReads
import dev.sluice.internal.sse.SseFlow
import dev.sluice.ndjson.decodeNdjson
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseStreamState
import dev.sluice.text.decodeLines
import dev.sluice.text.decodeUtf8
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.readAvailable
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.isActive
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.serialization.json.JsonElement
import java.util.concurrent.atomic.AtomicInteger

/**
 * A response whose body is still on the wire, handed to the block of [HttpRequest.execute]. Its
 * status and headers stay readable forever; its body can be read once, and only while the block
 * runs: afterwards the connection is released and any read fails with [IllegalStateException]
 * (it never hangs).
 */
public class StreamingResponse internal constructor(
    /** The HTTP status code. */
    public val status: Int,
    /** The request method. */
    public val method: String,
    /** The absolute request URL, as sent (credentials included; [toString] and errors redact them). */
    public val url: String,
    headers: Map<String, List<String>>,
    private val channel: ByteReadChannel,
    /** The request's credentials, kept out of the errors raised while reading. */
    private val secrets: Secrets = Secrets.NONE,
    /** How the default engine saw the body end; `null` with other engines. */
    private val ending: BodyEnding? = null,
) {
    private val state = AtomicInteger(BODY_OPEN)

    /** Whether the body was read to its end (the connection then ends with it). */
    @Volatile
    @get:JvmSynthetic @set:JvmSynthetic internal var bodyFullyRead: Boolean = false
        private set

    /** The call's timeouts, told about every read (first byte, idle); `null` outside a call. */
    @get:JvmSynthetic @set:JvmSynthetic internal var watchdog: StreamWatchdog? = null

    /** The response headers, names as the server sent them. */
    public val headers: Map<String, List<String>> = headers.mapValues { it.value.toList() }

    /** The first value of header [name], compared case-insensitively; `null` if absent. */
    public fun header(name: String): String? =
        headers.entries.firstOrNull { it.key.equals(name, ignoreCase = true) }?.value?.firstOrNull()

    /** The `Content-Type` header, or `null`. */
    public val contentType: String? get() = header("Content-Type")

    /** The announced body length (`Content-Length`), or `null` when unknown. */
    public val contentLength: Long? get() = header("Content-Length")?.trim()?.toLongOrNull()?.takeIf { it >= 0 }

    /** Whether the body is compressed (`Content-Encoding` other than `identity`): reads deliver it decompressed. */
    @get:JvmSynthetic internal val isEncoded: Boolean
        get() = header("Content-Encoding")?.split(',')?.any { it.isNotBlank() && !it.trim().equals("identity", ignoreCase = true) } == true

    /** Whether the body can still be read (the block is running and the body was not read yet). */
    public val isBodyReadable: Boolean get() = state.get() == BODY_OPEN

    /**
     * Fails with [UnexpectedContentTypeException] unless the media type of `Content-Type`
     * (parameters ignored, case-insensitive) is [mediaType].
     */
    public fun requireContentType(mediaType: String) {
        val received = contentType
        if (received == null || !mediaTypeOf(received).equals(mediaType, ignoreCase = true)) {
            throw UnexpectedContentTypeException(mediaType, received, method, url)
        }
    }

    /** The body as it arrives. */
    public fun bytes(): Flow<ByteChunk> = flow {
        val length = if (isEncoded) null else contentLength
        var soFar = 0L
        readBody { buffer, count ->
            soFar += count
            emit(ByteChunk(buffer.copyOf(count), soFar, length))
        }
    }

    /** The body decoded as UTF-8, in chunks as they arrive. */
    public fun text(): Flow<String> = rawBytes().decodeUtf8()

    /** The body's lines (CR, LF or CRLF end a line), without line breaks. */
    @JvmOverloads
    public fun lines(limits: DecodeLimits = DecodeLimits()): Flow<String> = rawBytes().decodeLines(limits)

    /** The body as newline-delimited JSON values. */
    @JvmSynthetic
    public fun ndjson(limits: DecodeLimits = DecodeLimits()): Flow<JsonElement> = rawBytes().decodeNdjson(limits)

    /**
     * The body as Server-Sent Events (no reconnection: this is one response). Fails with
     * [UnexpectedContentTypeException] unless the response is `text/event-stream`.
     */
    @JvmOverloads
    public fun sse(limits: DecodeLimits = DecodeLimits()): Flow<ServerSentEvent> {
        // The checks run when collection starts, inside the read, so no flow wraps every event.
        val reads: ByteReads = { onChunk ->
            checkReadable()
            requireContentType(EVENT_STREAM)
            readBody(onChunk)
        }
        return SseFlow(reads, limits, null)
    }

    /**
     * The body's events as `rawBytes().decodeSse(limits, state)` gives them, decoded straight from
     * the read buffer: no copy and no flow per read. [onRead] hears each read's size first.
     */
    @JvmSynthetic internal fun sseEvents(
        limits: DecodeLimits,
        state: SseStreamState?,
        dispatchUnterminated: Boolean = false,
        onRead: ((Int) -> Unit)? = null,
    ): Flow<ServerSentEvent> {
        val reads: ByteReads = { onChunk ->
            readBody { buffer, count ->
                onRead?.invoke(count)
                onChunk(buffer, count)
            }
        }
        return SseFlow(reads, limits, state, dispatchUnterminated)
    }

    @JvmSynthetic internal fun rawBytes(): Flow<ByteArray> = flow {
        readBody { buffer, count -> emit(buffer.copyOf(count)) }
    }

    /**
     * Reads the whole body, handing each read to [onChunk] (the buffer is reused: copy what you
     * keep). Network failures, a body shorter than its `Content-Length`, and (with the default engine) a
     * chunked body without its terminating chunk or with a malformed chunk header become
     * [HttpTransportException] with the byte count, after every byte received was handed over;
     * reading twice or after the response was closed is an [IllegalStateException]. The [watchdog] hears each read; the time [onChunk]
     * takes (the consumer's) is not idle time.
     */
    @JvmSynthetic internal suspend fun readBody(onChunk: suspend (buffer: ByteArray, count: Int) -> Unit) {
        claim()
        val decoder = try {
            ContentDecoder.forEncoding(header("Content-Encoding"))
        } catch (e: ContentDecoder.UnsupportedEncoding) {
            throw UnsupportedContentEncodingException(e.encoding, method, url)
        }
        try {
            readWire { buffer, count ->
                if (decoder == null) {
                    onChunk(buffer, count)
                } else {
                    try {
                        decoder.decode(buffer, count, onChunk)
                    } catch (e: ContentDecodingException) {
                        throw HttpTransportException(method, url, "${e.message} (Content-Encoding '${header("Content-Encoding")}')", e)
                    }
                }
            }
            if (decoder != null && !decoder.isComplete) {
                throw HttpTransportException(
                    method, url, "the ${header("Content-Encoding")?.trim()} body ended before its compressed stream did", null,
                )
            }
        } finally {
            decoder?.close()
        }
    }

    /** Reads the body as sent (compressed or not), with the end-of-body checks of [readBody]. */
    @JvmSynthetic internal suspend fun readWire(onChunk: suspend (buffer: ByteArray, count: Int) -> Unit) {
        val buffer = ByteArray(READ_BUFFER_BYTES)
        val dog = watchdog
        var total = 0L
        while (true) {
            val count = try {
                channel.readAvailable(buffer, 0, buffer.size)
            } catch (t: Throwable) {
                throw readFailure(t, total)
            }
            if (count < 0) break
            if (count == 0) continue
            if (dog != null) {
                dog.touch(count)
                if (total == 0L) dog.bodyStarted()
                dog.pause()
            }
            total += count
            try {
                onChunk(buffer, count)
            } finally {
                dog?.resume()
            }
        }
        bodyFullyRead = true
        // The default engine ends the channel cleanly after the last byte and says here whether the
        // framing was honest; other engines (Ktor CIO among them) may end a body cut short cleanly.
        ending?.failure?.let { throw HttpTransportException(method, url, it.message ?: "body ended early", it) }
        val announced = contentLength
        if (announced != null && total < announced && method != "HEAD" && status != 204 && status != 304) {
            throw HttpTransportException(method, url, "connection closed after $total of $announced announced body bytes", null)
        }
    }

    /**
     * Reads at most [limit] bytes for an error excerpt, giving up after [timeoutMillis] with what
     * arrived by then; a broken connection also just ends the excerpt.
     */
    @JvmSynthetic internal suspend fun readExcerpt(limit: Int, timeoutMillis: Long): ByteArray {
        claim()
        val buffer = ByteArray(limit)
        var filled = 0
        try {
            withTimeoutOrNull(timeoutMillis) {
                while (filled < limit) {
                    val count = channel.readAvailable(buffer, filled, limit - filled)
                    if (count < 0) break
                    filled += count
                }
            }
        } catch (e: CancellationException) {
            if (!currentCoroutineContext().isActive) throw e
        } catch (e: Exception) {
            // the status is what matters; a broken error body must not hide it
        }
        return buffer.copyOf(filled)
    }

    /**
     * Reads and drops what arrives of an abandoned body for at most [maxMillis] or [maxBytes],
     * never failing: only used to let the engine close the connection (see `exchange`).
     */
    @JvmSynthetic internal suspend fun discardBriefly(maxBytes: Long, maxMillis: Long) {
        val sink = ByteArray(READ_BUFFER_BYTES)
        var dropped = 0L
        try {
            withTimeoutOrNull(maxMillis) {
                while (dropped < maxBytes) {
                    val count = channel.readAvailable(sink, 0, sink.size)
                    if (count < 0) break
                    dropped += count
                }
            }
        } catch (e: Exception) {
            // the connection is being dropped anyway
        }
    }

    /** Ends the lifetime of the body; later reads fail with [IllegalStateException]. */
    @JvmSynthetic internal fun close() {
        state.set(BODY_CLOSED)
    }

    private fun claim() {
        if (!state.compareAndSet(BODY_OPEN, BODY_READ)) checkReadable()
    }

    private fun checkReadable() {
        val now = state.get()
        if (now == BODY_OPEN) return
        if (now == BODY_CLOSED) {
            throw IllegalStateException(
                "the body of $method ${Redaction.url(url)} is closed: read it inside execute { } (and inside collect for flows)",
            )
        }
        throw IllegalStateException("the body of $method ${Redaction.url(url)} was already read: a response body can be read once")
    }

    private suspend fun readFailure(t: Throwable, total: Long): Throwable = when {
        t is CancellationException && !currentCoroutineContext().isActive -> t
        state.get() == BODY_CLOSED -> IllegalStateException("the body of $method ${Redaction.url(url)} was closed while being read", secrets.sanitize(t))
        t is Error -> t
        else -> HttpTransportException(
            method,
            url,
            "connection broke after $total body bytes: ${secrets.scrubOrNull(t.message) ?: t.javaClass.simpleName}",
            secrets.sanitize(t),
        )
    }

    override fun toString(): String = "StreamingResponse($status, $method ${Redaction.url(url)})"
}
