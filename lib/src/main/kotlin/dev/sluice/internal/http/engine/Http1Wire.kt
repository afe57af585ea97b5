@file:OptIn(io.ktor.utils.io.InternalAPI::class)

package dev.sluice.internal.http.engine

import io.ktor.client.engine.mergeHeaders
import io.ktor.client.request.HttpRequestData
import io.ktor.http.HeadersBuilder
import io.ktor.http.Headers
import io.ktor.http.HttpHeaders
import io.ktor.http.HttpMethod
import io.ktor.http.cio.parseResponse
import io.ktor.http.content.OutgoingContent
import io.ktor.utils.io.ByteReadChannel
import kotlinx.coroutines.sync.Semaphore
import java.util.concurrent.ConcurrentHashMap

/** The status line and headers of a response, and how its body is framed. */
internal class ResponseHead(val status: Int, val reason: String, val headers: Headers) {
    val chunked: Boolean = headers.getAll(HttpHeaders.TransferEncoding).orEmpty()
        .flatMap { it.split(',') }.any { it.trim().equals("chunked", ignoreCase = true) }
    val contentLength: Long? = headers[HttpHeaders.ContentLength]?.trim()?.toLongOrNull()?.takeIf { it >= 0 }
}

/** The request line, headers and body as one array, so a request is one socket write (Sluice sends byte-array bodies or none). */
internal fun requestBytes(data: HttpRequestData): ByteArray {
    val url = data.url
    val head = StringBuilder()
    val target = url.encodedPathAndQuery.ifEmpty { "/" }
    head.append(data.method.value).append(' ').append(target).append(" HTTP/1.1\r\n")
    if (data.headers[HttpHeaders.Host] == null) {
        val defaultPort = url.protocol.defaultPort == url.port
        head.append("Host: ").append(url.host).append(if (defaultPort) "" else ":${url.port}").append("\r\n")
    }
    if (data.headers[HttpHeaders.Connection] == null) head.append("Connection: close\r\n")
    val body = data.body
    var hasLength = false
    mergeHeaders(data.headers, body) { name, value ->
        if (name.equals(HttpHeaders.ContentLength, ignoreCase = true)) {
            if (body is OutgoingContent.NoContent && data.method !in METHODS_WITH_BODY) return@mergeHeaders
            hasLength = true
        }
        head.append(name).append(": ").append(value).append("\r\n")
    }
    val bytes = when (body) {
        is OutgoingContent.ByteArrayContent -> body.bytes()
        is OutgoingContent.NoContent -> null
        else -> throw UnsupportedOperationException("Sluice's engine sends byte-array bodies only, not ${body.javaClass.simpleName}")
    }
    if (!hasLength && (bytes != null || data.method in METHODS_WITH_BODY)) {
        head.append("Content-Length: ").append(bytes?.size ?: 0).append("\r\n")
    }
    head.append("\r\n")
    val headBytes = head.toString().toByteArray(Charsets.ISO_8859_1)
    return if (bytes == null) headBytes else headBytes + bytes
}

/** The response's status line and headers, skipping interim (1xx) responses; `null` if the connection closed first. */
internal suspend fun readHead(input: ByteReadChannel): ResponseHead? {
    while (true) {
        val response = parseResponse(input) ?: return null
        try {
            if (response.status in 100..199 && response.status != 101) continue
            val headers = HeadersBuilder()
            for (offset in response.headers.offsets()) {
                headers.append(response.headers.nameAtOffset(offset).toString(), response.headers.valueAtOffset(offset).toString())
            }
            return ResponseHead(response.status, response.statusText.toString(), headers.build())
        } finally {
            response.release()
        }
    }
}

/** At most [total] connections at once, and at most [perRoute] to one host and port. */
internal class ConnectionLimits(private val total: Int, private val perRoute: Int) {
    private val all = Semaphore(total)
    private val routes = ConcurrentHashMap<String, Semaphore>()

    /** Waits for a connection slot on [route]; the permit must be released exactly once. */
    suspend fun acquire(route: String): Permit {
        val routeLimit = routes.computeIfAbsent(route) { Semaphore(perRoute) }
        routeLimit.acquire()
        try {
            all.acquire()
        } catch (t: Throwable) {
            routeLimit.release()
            throw t
        }
        return Permit { all.release(); routeLimit.release() }
    }

    fun interface Permit {
        fun release()
    }
}

private val METHODS_WITH_BODY = setOf(HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch)
