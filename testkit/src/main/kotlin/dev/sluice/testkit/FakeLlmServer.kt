package dev.sluice.testkit

import dev.sluice.internal.testkit.FakeCallHandler
import dev.sluice.internal.testkit.ScriptBook
import dev.sluice.internal.testkit.StreamCounters
import dev.sluice.internal.testkit.startEngine
import dev.sluice.internal.testkit.RunningEngine
import java.time.Duration

/**
 * A fake LLM server on 127.0.0.1 for tests and offline development. It speaks OpenAI Chat
 * Completions (`POST /v1/chat/completions`), OpenAI Responses (`POST /v1/responses`),
 * Anthropic Messages (`POST /v1/messages`) and Ollama (`POST /api/chat`), streaming when the
 * request asks for it (Ollama: unless `"stream": false`) and answering with one JSON body
 * otherwise.
 *
 * Each request is answered by a [Script]: the next queued one ([enqueue]), else the first
 * rule that applies ([on], [onPromptContaining]), else the [defaultScript], else the deterministic
 * echo [defaultReply] of the last user message. Every request is recorded ([requests]).
 *
 * Background responses (Responses `background: true` with `stream: true`) are kept: `GET
 * /v1/responses/{id}?stream=true&starting_after=N` replays their events after sequence number N
 * (a [Fault.DropConnection] acts on the first stream only, so a client can resume), and `POST
 * /v1/responses/{id}/cancel` cancels one ([cancelledResponses]).
 *
 * Faults ([Fault]) cover what breaks in production: HTTP errors with `Retry-After` (seconds, HTTP
 * date, `retry-after-ms`) and `x-should-retry`, errors inside the stream, connections dropped
 * before the response, after the headers or mid-answer, stalls, hangs that last until the client
 * leaves, and byte-by-byte trickles. Queue several scripts to fail N times, then succeed. The bound
 * port is a relay in front of the Ktor engine (two daemon threads per open connection), so faults
 * can act on the client's socket itself.
 *
 * ```java
 * try (FakeLlmServer server = new FakeLlmServer().start()) {
 *     server.enqueue(new ScriptBuilder().text("Hello there").build());
 *     String base = server.getOpenAiBaseUrl(); // http://127.0.0.1:<port>/v1
 * }
 * ```
 *
 * @param port the port to bind on 127.0.0.1; `0` (the default) picks a free one.
 */
public class FakeLlmServer @JvmOverloads constructor(port: Int = 0) : AutoCloseable {
    private val requestedPort = port
    private val book = ScriptBook()
    private val counters = StreamCounters()
    private val handler = FakeCallHandler(book, counters)
    private val lock = Any()
    private var engine: RunningEngine? = null
    private var closed = false

    init {
        require(port in 0..65535) { "port must be 0..65535, was $port" }
    }

    /** Binds and starts serving; returns this server. Starting a started server does nothing. */
    public fun start(): FakeLlmServer = apply {
        synchronized(lock) {
            check(!closed) { "this FakeLlmServer was closed; create a new one" }
            if (engine == null) engine = startEngine(requestedPort, handler)
        }
    }

    /** Stops serving and closes open streams; idempotent. */
    override fun close() {
        val running = synchronized(lock) {
            closed = true
            handler.stopping = true
            engine.also { engine = null }
        }
        running?.stop()
    }

    /** Whether the server is started and not closed. */
    public fun isRunning(): Boolean = synchronized(lock) { engine != null }

    /** The bound port; throws [IllegalStateException] before [start]. */
    public val port: Int
        get() = synchronized(lock) { engine?.port ?: throw IllegalStateException("FakeLlmServer is not started; call start() first") }

    /** `http://127.0.0.1:<port>`. */
    public val baseUrl: String get() = "http://127.0.0.1:$port"

    /** The OpenAI base URL, exactly `http://127.0.0.1:<port>/v1` (clients append `/chat/completions`, `/responses`). */
    public val openAiBaseUrl: String get() = "$baseUrl/v1"

    /** The Anthropic base URL, `http://127.0.0.1:<port>` (clients append `/v1/messages`). */
    public val anthropicBaseUrl: String get() = baseUrl

    /** The Ollama base URL, `http://127.0.0.1:<port>` (clients append `/api/chat`). */
    public val ollamaBaseUrl: String get() = baseUrl

    /** The Gemini base URL, `http://127.0.0.1:<port>` (clients append `/v1beta/models/{model}:streamGenerateContent`). */
    public val geminiBaseUrl: String get() = baseUrl

    /** Answers requests no queued script or rule claims; `null` restores the echo reply. */
    public fun defaultScript(script: Script?): FakeLlmServer = apply { book.setDefault(script) }

    /** Queues [scripts]; each answers exactly one later request, in order, before rules and the default. */
    public fun enqueue(vararg scripts: Script): FakeLlmServer = apply { book.enqueue(scripts.toList()) }

    /** Queues [scripts]; each answers exactly one later request, in order. */
    public fun enqueueAll(scripts: List<Script>): FakeLlmServer = apply { book.enqueue(scripts.toList()) }

    /** How many queued scripts are still waiting for a request. */
    public fun queuedScripts(): Int = book.queued()

    /** Answers every request [matcher] accepts with [script] (rules are tried in the order added). */
    public fun on(matcher: RequestMatcher, script: Script): FakeLlmServer = apply { book.addRule(matcher, script) }

    /**
     * Adds a rule that computes the script from the request (`null`: try the next rule), e.g.
     * to answer in a way that depends on the prompt. Rules are tried in the order added.
     */
    public fun on(source: ScriptSource): FakeLlmServer = apply { book.addRule(source) }

    /** Answers every request whose last user message contains [text] with [script]. */
    public fun onPromptContaining(text: String, script: Script): FakeLlmServer =
        on(RequestMatcher { it.lastUserMessage()?.contains(text) == true }, script)

    /** Every request received so far, oldest first (a snapshot). */
    public fun requests(): List<RecordedRequest> = handler.recorded.toList()

    /** The latest request, or `null` if none came yet. */
    public fun lastRequest(): RecordedRequest? = handler.recorded.lastOrNull()

    /** How many requests were received. */
    public fun requestCount(): Int = handler.recorded.size

    /** The ids of the background responses cancelled so far (`POST /v1/responses/{id}/cancel`). */
    public fun cancelledResponses(): List<String> = handler.background.cancelledIds()

    /** Forgets the recorded requests. */
    public fun clearRequests(): FakeLlmServer = apply { handler.recorded.clear() }

    /** Forgets queued scripts, rules, the default script and recorded requests (counters stay). */
    public fun reset(): FakeLlmServer = apply {
        book.clear()
        handler.recorded.clear()
    }

    /**
     * How many response bodies are being written right now: a stream counts from its status
     * line until its last byte is flushed, the connection is dropped on purpose, or a write
     * fails because the client went away. A client that cancels mid-stream is seen at the
     * next write, so a paced script (a token delay) shows it promptly; idle keep-alive
     * connections are not counted.
     */
    public fun activeStreams(): Int = counters.active()

    /** How many response bodies ended early because a write failed: the client closed the connection. */
    public fun clientDisconnects(): Int = counters.clientDisconnects()

    /** Waits up to [timeout] until exactly [expected] streams are active; returns whether that happened. */
    public fun awaitActiveStreams(expected: Int, timeout: Duration): Boolean = counters.await(expected, timeout.toMillis())

    override fun toString(): String {
        val state = synchronized(lock) { engine?.let { "http://127.0.0.1:${it.port}" } ?: if (closed) "closed" else "not started" }
        return "FakeLlmServer($state)"
    }
}
