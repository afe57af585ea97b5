package dev.sluice.http

import dev.sluice.internal.secrets.Redaction
import dev.sluice.internal.http.DEFAULT_CONNECT_TIMEOUT_MILLIS
import dev.sluice.internal.http.DEFAULT_MAX_CONNECTIONS
import dev.sluice.internal.http.RequestSettings
import dev.sluice.internal.http.StreamTimeouts
import dev.sluice.internal.http.TransportTime
import dev.sluice.internal.http.checkHeader
import dev.sluice.internal.http.checkTimeout
import dev.sluice.internal.http.javaTimeout
import io.ktor.client.engine.HttpClientEngine
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.toKotlinDuration

/**
 * Settings of a [HttpClient], read once when the client is created (later changes to this
 * object do not affect it). Kotlin: `HttpClient { baseUrl = "..."; header("A", "b") }`.
 * Java: `dev.sluice.http.SluiceHttp.builder()`.
 */
public class HttpClientOptions {
    /**
     * Base URL that relative request paths are appended to (`base` + `/` + `path`, slashes
     * merged: base `https://h/v1` and path `chat` give `https://h/v1/chat`). Absolute request
     * URLs ignore it. `null`: every request must give an absolute URL.
     */
    public var baseUrl: String? = null

    /**
     * The Ktor engine to use instead of Sluice's own (HTTP/1.1 on Ktor sockets, which reports a
     * body cut short or mis-framed; Ktor CIO reports some as a clean end), e.g. OkHttp on Android or
     * `MockEngine` in tests. The caller owns it: [HttpClient.close] does not close it, and its
     * own connection limits apply (OkHttp's `Dispatcher` allows 5 requests per host by default:
     * raise `maxRequestsPerHost` and `maxRequests` for many concurrent streams).
     */
    public var engine: HttpClientEngine? = null

    /** How long opening a connection may take (default 10 s; at least 1 ms). Java: [connectTimeout]. */
    @get:JvmSynthetic
    @set:JvmSynthetic
    public var connectTimeout: Duration = DEFAULT_CONNECT_TIMEOUT_MILLIS.milliseconds

    /**
     * How long a request may wait for its response to begin: status, headers and the first body
     * byte. [Duration.INFINITE] (default): none. Java: [firstByteTimeout].
     */
    @get:JvmSynthetic
    @set:JvmSynthetic
    public var firstByteTimeout: Duration = Duration.INFINITE

    /**
     * The longest time without a byte once the body has begun (keep-alive comments count as
     * bytes; time the consumer takes does not). [Duration.INFINITE] (default): none, since a
     * quiet SSE feed may legitimately send nothing for hours. Java: [idleTimeout].
     */
    @get:JvmSynthetic
    @set:JvmSynthetic
    public var idleTimeout: Duration = Duration.INFINITE

    /**
     * The longest a whole call may take, retries and reconnections included.
     * [Duration.INFINITE] (default): none. Java: [totalTimeout].
     */
    @get:JvmSynthetic
    @set:JvmSynthetic
    public var totalTimeout: Duration = Duration.INFINITE

    /**
     * When requests are sent again after a failure, before anything was delivered; see
     * [RetryPolicy]. Default: 2 retries with backoff. [RetryPolicy.none] turns retries off.
     * A request's own policy ([HttpRequest.retryPolicy]) wins.
     */
    public var retryPolicy: RetryPolicy = RetryPolicy()

    /** Clocks and waits of retries and timeouts; tests run them in virtual time. */
    @get:JvmSynthetic @set:JvmSynthetic internal var time: TransportTime = TransportTime.SYSTEM

    /** The default engine's check of https certificates; `null`: the JDK's trust store. Tests trust their own certificate. */
    @get:JvmSynthetic @set:JvmSynthetic internal var tlsTrustManager: javax.net.ssl.X509TrustManager? = null

    /**
     * The most connections the default engine keeps open at once, over all hosts. A streaming
     * response holds its connection for its whole life, so this bounds the number of concurrent
     * streams; further requests wait for a free connection. Default 10,000. Ignored when [engine] is set.
     */
    public var maxConnections: Int = DEFAULT_MAX_CONNECTIONS

    /**
     * The most connections the default engine opens to one host and port. Default 10,000.
     * Ignored when [engine] is set.
     */
    public var maxConnectionsPerRoute: Int = DEFAULT_MAX_CONNECTIONS

    /**
     * Whether every request sends `Accept-Encoding: gzip, deflate`. Default false: no
     * `Accept-Encoding` is sent, so servers answer uncompressed. Compressed bodies are decompressed
     * as they stream whatever this says; an encoding other than gzip or deflate fails with
     * [UnsupportedContentEncodingException]. A request can ask on its own with
     * [HttpRequest.acceptCompression].
     */
    public var acceptCompression: Boolean = false

    @get:JvmSynthetic internal val headerList = ArrayList<Pair<String, String>>()

    /** Adds a header sent with every request; a request's own header of the same name wins. */
    public fun header(name: String, value: String): HttpClientOptions {
        checkHeader(name, value)
        headerList += name to value
        return this
    }

    /** Sets the connect timeout (at least 1 ms). */
    public fun connectTimeout(timeout: java.time.Duration): HttpClientOptions {
        connectTimeout = checkTimeout("connectTimeout", timeout.toKotlinDuration())
        return this
    }

    /** Sets the first-byte timeout (at least 1 ms); `null` for none. */
    public fun firstByteTimeout(timeout: java.time.Duration?): HttpClientOptions = apply {
        firstByteTimeout = javaTimeout("firstByteTimeout", timeout)
    }

    /** Sets the idle timeout (at least 1 ms); `null` for none. */
    public fun idleTimeout(timeout: java.time.Duration?): HttpClientOptions = apply {
        idleTimeout = javaTimeout("idleTimeout", timeout)
    }

    /** Sets the total timeout (at least 1 ms); `null` for none. */
    public fun totalTimeout(timeout: java.time.Duration?): HttpClientOptions = apply {
        totalTimeout = javaTimeout("totalTimeout", timeout)
    }

    /** The retry policy and timeouts every request starts with. */
    @JvmSynthetic internal fun requestSettings(): RequestSettings =
        RequestSettings(retryPolicy, StreamTimeouts(connectTimeout, firstByteTimeout, idleTimeout, totalTimeout))

    override fun toString(): String =
        "HttpClientOptions(baseUrl=${baseUrl?.let(Redaction::url)}, headers=${headerList.map { it.first }}, " +
            "connectTimeout=$connectTimeout, firstByteTimeout=$firstByteTimeout, idleTimeout=$idleTimeout, " +
            "totalTimeout=$totalTimeout, retryPolicy=$retryPolicy, maxConnections=$maxConnections, " +
            "maxConnectionsPerRoute=$maxConnectionsPerRoute, engine=${engine?.javaClass?.simpleName ?: "default"}, acceptCompression=$acceptCompression)"
}
