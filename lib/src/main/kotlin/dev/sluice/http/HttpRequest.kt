package dev.sluice.http

import dev.sluice.DecodeLimits
import dev.sluice.internal.http.ACCEPT_COMPRESSION
import dev.sluice.internal.http.ACCEPT_ENCODING
import dev.sluice.internal.http.RequestRun
import dev.sluice.internal.http.RequestSettings
import dev.sluice.internal.http.StreamTimeouts
import dev.sluice.internal.http.checkHeader
import dev.sluice.internal.http.sseFlow
import dev.sluice.internal.http.writeBodyTo
import dev.sluice.internal.secrets.Redaction
import dev.sluice.ndjson.decodeNdjson
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseStreamState
import dev.sluice.text.decodeLines
import dev.sluice.text.decodeUtf8
import io.ktor.http.ContentType
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.serialization.json.JsonElement
import java.io.File
import kotlin.time.Duration

/**
 * One HTTP request of a [HttpClient], immutable (`header` and `body` return modified copies),
 * read as a cold flow of one of the stream kinds below.
 *
 * Every flow is cold and single-pass per collection: collecting sends the request, the body is
 * read incrementally as the collector asks for more (memory stays constant whatever the body
 * size), and the connection is released when the flow completes, fails, or its collector is
 * cancelled. Collecting again sends the request again. A status outside 2xx fails the flow with
 * [HttpStatusException]; a connection that cannot be opened or breaks fails it with
 * [HttpTransportException]; a timeout ([timeouts]) with [StreamTimeoutException].
 *
 * Until the first item is delivered, failures worth retrying are retried under [retryPolicy]
 * (the client's unless set here); afterwards they end the flow, so nothing is ever delivered
 * twice. The exception's `attempts` says how many times the request was sent.
 */
public class HttpRequest internal constructor(
    @get:JvmSynthetic internal val client: HttpClient,
    /** The HTTP method, upper case. */
    public val method: String,
    /** The absolute URL (a relative path was resolved against the client's base URL). */
    public val url: String,
    @get:JvmSynthetic internal val headerList: List<Pair<String, String>>,
    @get:JvmSynthetic internal val bodyBytes: ByteArray?,
    /** The body's media type; `null` when there is no body. */
    public val contentType: String?,
    @get:JvmSynthetic internal val settings: RequestSettings,
) {
    /** The policy failures before the first delivered item are retried under: this request's own, else the client's. */
    public val retryPolicy: RetryPolicy get() = settings.retryPolicy

    /** A copy retried under [policy] ([RetryPolicy.none]: never). */
    public fun retryPolicy(policy: RetryPolicy): HttpRequest = copy(settings = RequestSettings(policy, settings.timeouts))

    /**
     * A copy with these timeouts, each [Duration.INFINITE] for none and otherwise at least 1 ms;
     * those not given keep their value (the client's by default): [connect] opening the
     * connection, [firstByte] until the response's first body byte, [idle] the longest gap
     * between reads once the body began, [total] the whole call with its retries. Java: the
     * `HttpCall` setters.
     */
    @JvmSynthetic
    public fun timeouts(
        connect: Duration = settings.timeouts.connect,
        firstByte: Duration = settings.timeouts.firstEvent,
        idle: Duration = settings.timeouts.idle,
        total: Duration = settings.timeouts.total,
    ): HttpRequest = copy(settings = RequestSettings(settings.retryPolicy, StreamTimeouts(connect, firstByte, idle, total)))

    /** This request's own headers (the client's default headers are added when sending). */
    public val headers: Map<String, List<String>>
        get() = headerList.groupBy({ it.first }, { it.second })

    /** A copy of the body, or `null`. */
    public val body: ByteArray? get() = bodyBytes?.copyOf()

    /** A copy with header [name] set to [value], replacing any value it had (names are case-insensitive). */
    public fun header(name: String, value: String): HttpRequest {
        checkHeader(name, value)
        val kept = headerList.filterNot { it.first.equals(name, ignoreCase = true) }
        return copy(headerList = kept + (name to value))
    }

    /**
     * A copy that sends `Accept-Encoding: gzip, deflate`, so the server may compress the body; it
     * is decompressed as it streams. Without this (or [HttpClientOptions.acceptCompression]) no
     * `Accept-Encoding` is sent.
     */
    public fun acceptCompression(): HttpRequest = header(ACCEPT_ENCODING, ACCEPT_COMPRESSION)

    /** A copy with this body of media type [contentType] (e.g. `application/json`). The array is copied. */
    public fun body(bytes: ByteArray, contentType: String): HttpRequest {
        try {
            ContentType.parse(contentType)
        } catch (e: Exception) {
            throw IllegalArgumentException("invalid content type '$contentType': ${e.message}", e)
        }
        return copy(bodyBytes = bytes.copyOf(), contentType = contentType)
    }

    /** A copy with [text] as its body, encoded as UTF-8. */
    public fun body(text: String, contentType: String): HttpRequest = body(text.toByteArray(Charsets.UTF_8), contentType)

    /** The body as it arrives, with progress (bytes so far, announced length). */
    public fun bytes(): Flow<ByteChunk> = flow {
        val run = RequestRun(this@HttpRequest)
        run.run { response ->
            response.bytes().collect {
                run.markDelivered()
                emit(it)
            }
        }
    }

    /** The body decoded as UTF-8 in chunks as they arrive; a character split across reads stays intact. */
    public fun text(): Flow<String> = rawBytes().decodeUtf8()

    /** The body's lines (CR, LF or CRLF end a line), without their line breaks. */
    @JvmOverloads
    public fun lines(limits: DecodeLimits = DecodeLimits()): Flow<String> = rawBytes().decodeLines(limits)

    /** The body as newline-delimited JSON, one value per line (blank lines skipped). */
    @JvmSynthetic
    public fun ndjson(limits: DecodeLimits = DecodeLimits()): Flow<JsonElement> = rawBytes().decodeNdjson(limits)

    /**
     * The body as Server-Sent Events. Sends `Accept: text/event-stream` and
     * `Cache-Control: no-cache` unless this request sets them, and a `Last-Event-ID` header of
     * this request seeds the stream's last event ID. Fails with [UnexpectedContentTypeException]
     * if the response is not `text/event-stream`.
     *
     * Before the first event, failures are retried under [retryPolicy]. After events, with
     * [reconnect] enabled (the default) a `GET` stream whose connection ends (cleanly or not) is
     * re-established with `Last-Event-ID` and the same flow continues; see [SseReconnect]. Any
     * other method never reconnects after a clean end (a `POST` to an LLM endpoint is never sent
     * again after its `[DONE]`), and after a dropped connection only when
     * [SseReconnect.nonGetReconnectsAfterDrop] is set. Pass `SseReconnect(enabled = false)` to end
     * the flow with the response instead. An HTTP 204 response ends the flow normally.
     *
     * Pass a [state] to observe the last event ID and `retry` value as events are delivered (for
     * example to persist the position, or to print it after the stream): it also seeds the first
     * request's `Last-Event-ID` when it holds one. One state per collection.
     */
    @JvmOverloads
    public fun sse(
        reconnect: SseReconnect = SseReconnect(),
        limits: DecodeLimits = DecodeLimits(),
        state: SseStreamState? = null,
    ): Flow<ServerSentEvent> = sseFlow(this, reconnect, limits, state)

    /**
     * Sends the request and runs [block] with the live response; returns what [block] returns.
     * The body can be read only inside [block]; the connection is released when it returns.
     * A non-2xx status fails with [HttpStatusException] before [block] runs. Failures before
     * [block] runs are retried under [retryPolicy]; the timeouts apply to reads inside [block]
     * (time the block spends between reads counts as idle).
     */
    @JvmSynthetic
    public suspend fun <R> execute(block: suspend (StreamingResponse) -> R): R {
        val run = RequestRun(this)
        return run.run { response ->
            run.markDelivered()
            block(response)
        }
    }

    /**
     * Writes the body to [file] (created or truncated once a 2xx response arrived), telling
     * [progress] after each piece; returns the number of bytes written. On failure or
     * cancellation the part already received stays in the file.
     */
    @JvmSynthetic
    public suspend fun writeTo(file: File, progress: ProgressListener? = null): Long = writeBodyTo(this, file, progress)

    @JvmSynthetic internal fun rawBytes(): Flow<ByteArray> = flow {
        val run = RequestRun(this@HttpRequest)
        run.run { response ->
            response.rawBytes().collect {
                run.markDelivered()
                emit(it)
            }
        }
    }

    @JvmSynthetic internal fun copy(
        headerList: List<Pair<String, String>> = this.headerList,
        bodyBytes: ByteArray? = this.bodyBytes,
        contentType: String? = this.contentType,
        settings: RequestSettings = this.settings,
    ): HttpRequest = HttpRequest(client, method, url, headerList, bodyBytes, contentType, settings)

    override fun toString(): String =
        "HttpRequest($method ${Redaction.url(url)}, headers=${headerList.map { it.first }}" +
            (if (bodyBytes == null) "" else ", body=${bodyBytes.size} bytes of $contentType") + ")"
}
