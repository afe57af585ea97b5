@file:OptIn(io.ktor.utils.io.InternalAPI::class)

package dev.sluice.internal.http.engine

import io.ktor.client.engine.HttpClientEngine
import io.ktor.client.engine.HttpClientEngineBase
import io.ktor.client.engine.HttpClientEngineCapability
import io.ktor.client.engine.HttpClientEngineConfig
import io.ktor.client.engine.HttpClientEngineFactory
import io.ktor.client.engine.callContext
import io.ktor.client.network.sockets.ConnectTimeoutException
import io.ktor.client.plugins.HttpTimeoutCapability
import io.ktor.client.plugins.HttpTimeoutConfig
import io.ktor.client.request.HttpRequestData
import io.ktor.client.request.HttpResponseData
import io.ktor.http.HttpMethod
import io.ktor.http.HttpProtocolVersion
import io.ktor.http.HttpStatusCode
import io.ktor.http.isSecure
import io.ktor.network.selector.Selectable
import io.ktor.network.selector.SelectorManager
import io.ktor.network.sockets.Socket
import io.ktor.network.sockets.aSocket
import io.ktor.network.sockets.openReadChannel
import io.ktor.network.sockets.openWriteChannel
import io.ktor.network.tls.tls
import io.ktor.util.date.GMTDate
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.writeFully
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.job
import kotlinx.coroutines.withTimeout
import java.io.EOFException
import java.util.concurrent.atomic.AtomicBoolean

/** Settings of [SluiceEngine]; a connect timeout of 0 means none. */
internal class SluiceEngineConfig : HttpClientEngineConfig() {
    var connectTimeoutMillis: Long = 0
    var maxConnections: Int = Int.MAX_VALUE
    var maxConnectionsPerRoute: Int = Int.MAX_VALUE

    /** Checks https servers' certificates instead of the JDK's default trust store (tests trust their own certificate). */
    var trustManager: javax.net.ssl.X509TrustManager? = null
}

/** Creates [SluiceEngine]s; the Ktor client that made one closes it. */
internal object SluiceEngineFactory : HttpClientEngineFactory<SluiceEngineConfig> {
    override fun create(block: SluiceEngineConfig.() -> Unit): HttpClientEngine = SluiceEngine(SluiceEngineConfig().apply(block))
}

/**
 * Sluice's default Ktor engine: HTTP/1.1 over Ktor's sockets (TLS from ktor-network-tls), one
 * connection per request, closed when the response ends or is abandoned. It exists to end bodies
 * honestly: Ktor CIO (3.6.1) reports a chunked body cut short as a clean end and drops the bytes
 * before a malformed chunk header, while this engine delivers every byte received and then
 * records in [BodyEnding] how the body ended (see [BodyChannel]). A plain connection's body is
 * read straight off the socket by its reader ([SocketReadChannel]). No pooling: a stream is long,
 * its connection setup small against it, and a closed stream leaves no socket behind.
 */
internal class SluiceEngine(override val config: SluiceEngineConfig) : HttpClientEngineBase("sluice-engine") {
    override val supportedCapabilities: Set<HttpClientEngineCapability<*>> = setOf(HttpTimeoutCapability)

    /**
     * Where Ktor runs [execute] (connect, request, response head): `Dispatchers.IO`, since a
     * name lookup blocks, but at most [EXECUTE_PARALLELISM] at once. Ktor's default, all of
     * `Dispatchers.IO`, grew that pool to its 64 threads under a burst of requests, though each
     * one blocks only for its lookup. The body is read on its reader's own dispatcher.
     */
    override val dispatcher: CoroutineDispatcher = config.dispatcher ?: Dispatchers.IO.limitedParallelism(EXECUTE_PARALLELISM)

    /** Ktor's selector loop blocks in `select` for the engine's lifetime: one `Dispatchers.IO` thread of its own. */
    private val selector = SelectorManager(Dispatchers.IO)

    /** Started by the first connection; guarded by [keeperLock] so none starts after [close] stopped it. */
    @Volatile
    private var keeper: SelectorKeeper? = null
    private var keeperClosed = false
    private val keeperLock = Any()
    private val limits = ConnectionLimits(config.maxConnections, config.maxConnectionsPerRoute)

    override suspend fun execute(data: HttpRequestData): HttpResponseData {
        val callContext = callContext()
        val url = data.url
        val requestTime = GMTDate()
        val permit = limits.acquire("${url.host}:${url.port}")
        var socket: Socket? = null
        val released = AtomicBoolean()
        val release = {
            if (released.compareAndSet(false, true)) {
                socket?.close()
                permit.release()
            }
        }
        keepSelecting() // from the first connection on, a socket closed is closed at once
        try {
            // The socket is recorded as soon as it exists: a cancellation that arrives as the
            // connect completes (withTimeout resumes the caller cancellably) would otherwise lose it.
            var connected = connect(url.host, url.port, connectTimeoutMillis(data), data) { socket = it }
            if (url.protocol.isSecure()) {
                connected = connected.tls(coroutineContext) {
                    serverName = url.host
                    config.trustManager?.let { trustManager = it }
                }
                socket = connected
            }
            // A plain connection is read and written by the caller itself; TLS goes through Ktor's channels.
            val plain = if (url.protocol.isSecure()) null else connected as? Selectable
            val input = if (plain != null) SocketReadChannel(plain, selector) else connected.openReadChannel()
            send(connected, plain, requestBytes(data))
            val head = readHead(input) ?: throw EOFException("the connection closed before a response arrived")
            val ending = BodyEnding()
            val body = bodyOf(head, data.method, input, ending, release)
            callContext.job.invokeOnCompletion { release() }
            return HttpResponseData(
                HttpStatusCode(head.status, head.reason),
                requestTime,
                head.headers,
                HttpProtocolVersion.HTTP_1_1,
                body,
                callContext + ending,
            )
        } catch (t: Throwable) {
            release()
            throw t
        }
    }

    /**
     * The request: on a [plain] connection written by the caller itself ([writeToSocket]); TLS
     * writes through Ktor's channel, which ktor-network-tls encrypts.
     */
    private suspend fun send(socket: Socket, plain: Selectable?, request: ByteArray) {
        if (plain != null) return writeToSocket(plain, selector, request)
        val output = socket.openWriteChannel(autoFlush = false)
        output.writeFully(request)
        output.flush()
    }

    private suspend fun connect(host: String, port: Int, timeoutMillis: Long, data: HttpRequestData, opened: (Socket) -> Unit): Socket {
        val open: suspend () -> Socket = { aSocket(selector).tcp().connect(host, port) { noDelay = true }.also(opened) }
        if (timeoutMillis <= 0 || timeoutMillis == HttpTimeoutConfig.INFINITE_TIMEOUT_MS) return open()
        return try {
            withTimeout(timeoutMillis) { open() }
        } catch (e: TimeoutCancellationException) {
            throw ConnectTimeoutException("Connect timeout has expired [url=${data.url.protocol.name}://$host:$port, connect_timeout=$timeoutMillis ms]", e)
        }
    }

    private fun connectTimeoutMillis(data: HttpRequestData): Long =
        data.getCapabilityOrNull(HttpTimeoutCapability)?.connectTimeoutMillis ?: config.connectTimeoutMillis

    /** The body channel: read straight off the connection, ending cleanly and recording how the body ended. */
    private fun bodyOf(head: ResponseHead, method: HttpMethod, input: ByteReadChannel, ending: BodyEnding, release: () -> Unit): ByteReadChannel {
        if (method == HttpMethod.Head || head.status == 204 || head.status == 304) {
            release()
            return ByteReadChannel.Empty
        }
        val length = head.contentLength
        val framing = when {
            head.chunked -> BodyFraming.Chunked
            length != null -> BodyFraming.Length(length)
            else -> BodyFraming.ToEnd
        }
        return BodyChannel(input, framing, ending, release)
    }

    override fun close() {
        super.close()
        coroutineContext.job.invokeOnCompletion {
            synchronized(keeperLock) {
                keeperClosed = true
                keeper?.close()
            }
            selector.close()
        }
    }

    private fun keepSelecting() {
        if (keeper != null) return
        synchronized(keeperLock) {
            if (keeper == null && !keeperClosed) keeper = SelectorKeeper(selector)
        }
    }
}

/** How many [SluiceEngine.execute] calls run on threads at once (each blocks a thread only for its name lookup). */
internal val EXECUTE_PARALLELISM: Int = maxOf(8, 2 * Runtime.getRuntime().availableProcessors())
