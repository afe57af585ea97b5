package dev.sluice.internal.http

import dev.sluice.SluiceException
import dev.sluice.http.HttpStatusException
import dev.sluice.http.HttpTransportException
import dev.sluice.http.HttpRequest
import dev.sluice.http.StreamTimeoutException
import dev.sluice.http.StreamingResponse
import dev.sluice.internal.http.engine.BodyEnding
import dev.sluice.internal.http.engine.SluiceEngine
import dev.sluice.internal.secrets.Redaction
import dev.sluice.internal.secrets.Secrets
import dev.sluice.http.TimeoutLimit
import io.ktor.client.network.sockets.ConnectTimeoutException
import io.ktor.client.plugins.timeout
import io.ktor.client.request.HttpRequestBuilder
import io.ktor.client.request.prepareRequest
import io.ktor.client.request.setBody
import io.ktor.client.request.url
import io.ktor.http.ContentType
import io.ktor.http.HttpMethod
import io.ktor.http.content.ByteArrayContent
import io.ktor.http.isSuccess
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.cancel
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.isActive
import kotlinx.coroutines.withContext

/** Header sets a stream kind adds to a request: [defaults] yield to the caller's headers, [overrides] win. */
internal class ExtraHeaders(
    val defaults: List<Pair<String, String>> = emptyList(),
    val overrides: List<Pair<String, String>> = emptyList(),
)

/**
 * Sends [request] once and runs [block] with the live response; the connection is released when
 * [block] returns or fails, or when the calling coroutine is cancelled. A non-2xx status fails
 * with [HttpStatusException] before [block] runs; failing to connect or send is an
 * [HttpTransportException] ([StreamTimeoutException] for the connect timeout). Exceptions thrown
 * by [block] pass through untouched. [watchdog] hears the headers and every body read. The
 * request's credentials (credential headers, URL user info and secret parameters) are kept out
 * of the errors raised here: an error body or a network message that repeats one shows `[redacted]`.
 */
internal suspend fun <R> HttpRequest.exchange(
    extra: ExtraHeaders = ExtraHeaders(),
    watchdog: StreamWatchdog? = null,
    block: suspend (StreamingResponse) -> R,
): R = client.lifetime.guard("$method ${Redaction.url(url)}") {
    var entered = false
    val secrets = requestSecrets(extra)
    try {
        client.http.prepareRequest { build(this@exchange, extra) }.execute { response ->
            entered = true
            val handle = StreamingResponse(
                response.status.value,
                method,
                url,
                response.headers.entries().associate { it.key to it.value },
                // The engine's channel itself: bodyAsChannel() would copy it through one more
                // coroutine, a hand-off per read.
                @OptIn(io.ktor.utils.io.InternalAPI::class) response.rawContent,
                secrets,
                response.coroutineContext[BodyEnding],
            )
            handle.watchdog = watchdog
            watchdog?.touch(0)
            try {
                if (!response.status.isSuccess()) throw handle.statusException(secrets)
                block(handle)
            } finally {
                handle.close()
                if (!handle.bodyFullyRead) {
                    // Another Ktor engine (CIO 3.6.1 for one) may leave a socket abandoned while the
                    // server is blocked on a full TCP window open until the client's next network
                    // activity: the JDK defers closing a selector-registered channel until that
                    // selector selects again, and CIO's selector idles when nothing is pending.
                    // Draining for a moment first makes the close immediate more often there. Our
                    // engine keeps its selector selecting (SelectorKeeper) and needs no drain.
                    if (client.http.engine !is SluiceEngine) {
                        withContext(NonCancellable) { handle.discardBriefly(DRAIN_MAX_BYTES, DRAIN_MAX_MILLIS) }
                    }
                    response.cancel(CancellationException("response body abandoned"))
                }
            }
        }
    } catch (t: Throwable) {
        if (entered) throw t
        throw connectFailure(t, secrets)
    }
}

/** The credentials this request sends: in its URL, and in the headers the client, the request and [extra] add. */
private fun HttpRequest.requestSecrets(extra: ExtraHeaders): Secrets =
    Secrets.forRequest(url, client.defaultHeaders + extra.defaults + headerList + extra.overrides)

private fun HttpRequestBuilder.build(request: HttpRequest, extra: ExtraHeaders) {
    method = HttpMethod.parse(request.method)
    url(request.url)
    val body = request.bodyBytes
    val merged = mergeHeaders(listOf(request.client.defaultHeaders, extra.defaults, request.headerList, extra.overrides))
    for ((name, value) in merged) {
        if (name.equals("Content-Length", ignoreCase = true)) continue
        if (body != null && name.equals("Content-Type", ignoreCase = true)) continue
        headers.append(name, value)
    }
    if (body != null) setBody(ByteArrayContent(body, ContentType.parse(request.contentType!!)))
    val connect = request.settings.timeouts.connect
    if (!connect.isInfinite()) timeout { connectTimeoutMillis = connect.inWholeMilliseconds.coerceAtLeast(1) }
}

/** Later layers replace every header of the same name (case-insensitive) from earlier layers. */
internal fun mergeHeaders(layers: List<List<Pair<String, String>>>): List<Pair<String, String>> {
    val result = ArrayList<Pair<String, String>>()
    for (layer in layers) {
        val names = layer.map { it.first.lowercase() }.toSet()
        result.removeAll { it.first.lowercase() in names }
        result += layer
    }
    return result
}

private suspend fun StreamingResponse.statusException(secrets: Secrets): HttpStatusException {
    val bytes = readExcerpt(EXCERPT_BYTES + 1, EXCERPT_TIMEOUT_MILLIS)
    val truncated = bytes.size > EXCERPT_BYTES
    val excerpt = String(bytes, 0, minOf(bytes.size, EXCERPT_BYTES), Charsets.UTF_8)
    return HttpStatusException(status, method, url, headers, secrets.scrub(excerpt), truncated)
}

private suspend fun HttpRequest.connectFailure(t: Throwable, secrets: Secrets): Throwable = when {
    t is CancellationException -> if (currentCoroutineContext().isActive) transportFailure(t, secrets) else t
    t is SluiceException || t is Error -> t
    generateSequence(t) { it.cause }.take(MAX_CAUSES).any { it is ConnectTimeoutException } -> {
        val timeout = settings.timeouts.connect
        StreamTimeoutException(
            method, url, TimeoutLimit.CONNECT, timeout, 0,
            "$method ${Redaction.url(url)}: ${describeTimeout(TimeoutLimit.CONNECT, timeout)}", secrets.sanitize(t),
        )
    }
    t is IllegalStateException -> if (t.message == secrets.scrubOrNull(t.message)) t else secrets.sanitize(t)
    else -> transportFailure(t, secrets)
}

private fun HttpRequest.transportFailure(t: Throwable, secrets: Secrets) = HttpTransportException(
    method,
    url,
    "request failed: ${secrets.scrubOrNull(t.message) ?: t.javaClass.simpleName}",
    secrets.sanitize(t),
)

/** The media type of a `Content-Type` value: `text/event-stream; charset=utf-8` gives `text/event-stream`. */
internal fun mediaTypeOf(contentType: String): String = contentType.substringBefore(';').trim()

internal const val EVENT_STREAM = "text/event-stream"
private const val EXCERPT_BYTES = 8 * 1024
private const val EXCERPT_TIMEOUT_MILLIS = 5_000L
private const val DRAIN_MAX_BYTES = 4L * 1024 * 1024
private const val DRAIN_MAX_MILLIS = 50L
private const val MAX_CAUSES = 8
