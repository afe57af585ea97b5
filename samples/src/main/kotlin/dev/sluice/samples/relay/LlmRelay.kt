package dev.sluice.samples.relay

import dev.sluice.llm.LlmClient
import io.ktor.server.cio.CIO
import io.ktor.server.cio.CIOApplicationEngine
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.applicationEnvironment
import io.ktor.server.engine.connector
import io.ktor.server.engine.embeddedServer
import io.ktor.server.routing.routing
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.runBlocking
import org.slf4j.helpers.NOPLogger
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * A small Ktor (CIO) server on 127.0.0.1 that relays [upstream]'s answers (any Sluice provider) to
 * clients in the format they speak:
 *
 * - `POST /v1/chat/completions`: OpenAI Chat Completions. `stream: true` is relayed as Chat
 *   Completions SSE; `stream: false` waits for the whole answer and returns a `chat.completion`
 *   object built from it.
 * - `POST /v1/messages`: Anthropic Messages, as Messages SSE (or a `message` object without `stream`).
 * - `GET /stream?prompt=...`: for browsers' `EventSource`: `delta` events (data: the text as a JSON
 *   string), then `done` or `error`, each with an id; a reconnect with `Last-Event-ID` resumes after
 *   that event ([BrowserStreams]).
 * - `GET /`: a page that reads `/stream` ([RELAY_PAGE]).
 *
 * Streams are sent with `Content-Type: text/event-stream`, `Cache-Control: no-cache` and
 * `X-Accel-Buffering: no`, and a `: keep-alive` comment after [keepAlive] without an event. A client
 * that disconnects cancels the upstream request; an upstream error reaches the client as the
 * format's error event. [model] is the model `/stream` asks for (the APIs name their own).
 * The relay does not own [upstream]: close it after the relay.
 */
public class LlmRelay(
    private val upstream: LlmClient,
    private val model: String,
    private val port: Int = 0,
    private val keepAlive: Duration = 15.seconds,
    replayCapacity: Int = 4096,
    detachGrace: Duration = 30.seconds,
) : AutoCloseable {
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.IO)
    private val browserStreams = BrowserStreams(scope, replayCapacity, MAX_STREAMS, detachGrace)
    private var server: EmbeddedServer<CIOApplicationEngine, CIOApplicationEngine.Configuration>? = null
    private var boundPort = -1

    /**
     * Test knob: end every `/stream` response after this many events, as a flaky network would, so
     * that browsers reconnect with `Last-Event-ID` (set before [start]).
     */
    internal var cutBrowserStreamsAfter: Int? = null

    /** Binds 127.0.0.1 and starts serving; returns this relay. */
    public fun start(): LlmRelay = apply {
        check(server == null) { "the relay is already started" }
        val routes = RelayRoutes(upstream, model, keepAlive, browserStreams, cutBrowserStreamsAfter)
        val environment = applicationEnvironment { log = NOPLogger.NOP_LOGGER }
        val engine = embeddedServer(CIO, environment, configure = {
            connector {
                host = LOOPBACK
                this.port = this@LlmRelay.port
            }
            shutdownGracePeriod = 0
            shutdownTimeout = STOP_TIMEOUT_MILLIS
        }) {
            routing { routes.install(this) }
        }
        engine.start(wait = false)
        server = engine
        boundPort = runBlocking { engine.engine.resolvedConnectors().first().port }
    }

    /** The port it listens on (127.0.0.1). */
    public val boundPortNumber: Int get() = boundPort.also { check(it >= 0) { "the relay is not started" } }

    /** The OpenAI-style base URL, `http://127.0.0.1:<port>/v1`, for OpenAI clients. */
    public val openAiBaseUrl: String get() = "http://$LOOPBACK:$boundPortNumber/v1"

    /** The Anthropic base URL (the SDKs add `/v1/messages`), `http://127.0.0.1:<port>`. */
    public val anthropicBaseUrl: String get() = "http://$LOOPBACK:$boundPortNumber"

    /** The browser page, `http://127.0.0.1:<port>/`. */
    public val pageUrl: String get() = "http://$LOOPBACK:$boundPortNumber/"

    /** Stops the server and every stream it runs (their upstream requests are cancelled). */
    override fun close() {
        scope.cancel()
        server?.stop(gracePeriodMillis = 0, timeoutMillis = STOP_TIMEOUT_MILLIS)
        server = null
    }

    private companion object {
        const val LOOPBACK = "127.0.0.1"
        const val STOP_TIMEOUT_MILLIS = 2_000L
        const val MAX_STREAMS = 256
    }
}
