package dev.sluice.http

import dev.sluice.internal.http.ACCEPT_COMPRESSION
import dev.sluice.internal.http.ACCEPT_ENCODING
import dev.sluice.internal.http.ClientLifetime
import dev.sluice.internal.http.RequestSettings
import dev.sluice.internal.http.TransportTime
import dev.sluice.internal.http.createKtorClient
import dev.sluice.internal.http.resolveUrl
import dev.sluice.internal.secrets.Redaction
import io.ktor.client.HttpClient as KtorHttpClient

/**
 * A streaming HTTP client, configured once and shared: create one per application (or per
 * base URL) and reuse it for every request; it owns a connection pool. Thread-safe.
 *
 * Requests made from it ([get], [post], [request]) are read as cold Kotlin flows of bytes, text,
 * lines, NDJSON values or SSE events: collecting starts the request, cancelling the collector
 * closes its connection.
 *
 * The default engine is Sluice's own HTTP/1.1 engine on Ktor sockets (one connection per
 * stream, bodies cut short reported as errors) with limits that fit thousands of concurrent long-lived streams
 * ([HttpClientOptions.maxConnections], [HttpClientOptions.maxConnectionsPerRoute]), and
 * [HttpClientOptions.connectTimeout]. Streams may run for hours, so by default there is no
 * first-byte, idle or total timeout (set them in [HttpClientOptions] or per request). Failures
 * before anything was delivered are retried under [HttpClientOptions.retryPolicy].
 *
 * Known limitation of Ktor's socket selector (3.6.1), which the default engine and CIO share: a stream cancelled while the server is blocked
 * on a full TCP window (the collector had stopped reading for a while) is closed by Ktor, but the
 * JDK defers closing a selector-registered socket until its selector runs again, and the
 * selector idles when nothing else is pending: the socket is released at this client's next
 * network activity (any other stream's traffic or a new request) or by [close].
 */
public class HttpClient @JvmOverloads constructor(config: HttpClientOptions = HttpClientOptions()) : AutoCloseable {
    /** The base URL relative paths are resolved against; `null` if none was configured. */
    public val baseUrl: String? = config.baseUrl?.let { base ->
        resolveUrl(null, base).also {
            require(it.substringAfter("://").isNotEmpty()) { "base URL '${Redaction.url(base)}' has no host" }
        }
    }

    @get:JvmSynthetic internal val defaultHeaders: List<Pair<String, String>> =
        (if (config.acceptCompression) listOf(ACCEPT_ENCODING to ACCEPT_COMPRESSION) else emptyList()) + config.headerList
    @get:JvmSynthetic internal val settings: RequestSettings = config.requestSettings()
    @get:JvmSynthetic internal val time: TransportTime = config.time
    @get:JvmSynthetic internal val http: KtorHttpClient = createKtorClient(config)
    @get:JvmSynthetic internal val lifetime: ClientLifetime = ClientLifetime()

    /** A GET request; [url] is absolute, or a path relative to [baseUrl]. */
    public fun get(url: String): HttpRequest = request("GET", url)

    /** A POST request with a body of [contentType] (e.g. `application/json`). */
    public fun post(url: String, body: ByteArray, contentType: String): HttpRequest =
        request("POST", url).body(body, contentType)

    /** A request with any method; [url] is absolute, or a path relative to [baseUrl]. */
    public fun request(method: String, url: String): HttpRequest {
        require(method.isNotEmpty() && method.all { it in 'A'..'Z' || it in 'a'..'z' || it == '-' }) {
            "invalid HTTP method '$method'"
        }
        return HttpRequest(this, method.uppercase(), resolveUrl(baseUrl, url), emptyList(), null, null, settings)
    }

    /** Whether [close] was called. */
    public val isClosed: Boolean get() = lifetime.isClosed

    /**
     * Closes every stream still running on this client (their collectors fail with
     * [IllegalStateException]) and releases the connection pool. Idempotent. New requests fail
     * with [IllegalStateException]. An engine passed in [HttpClientOptions.engine] stays open.
     */
    override fun close() {
        if (lifetime.close()) http.close()
    }

    override fun toString(): String = "HttpClient(baseUrl=${baseUrl?.let(Redaction::url)}, closed=$isClosed)"
}
