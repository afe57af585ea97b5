package dev.sluice.llm

import dev.sluice.http.HttpClient
import dev.sluice.http.HttpClientOptions
import dev.sluice.http.RetryPolicy
import dev.sluice.internal.http.StreamTimeouts
import dev.sluice.internal.http.TransportTime
import dev.sluice.internal.llm.client.LlmExchange
import dev.sluice.internal.llm.client.providerConfig
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import dev.sluice.metrics.MetricsListener
import kotlinx.coroutines.flow.Flow
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.json.JsonElement
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.map
import java.util.concurrent.atomic.AtomicBoolean

/**
 * Streams chat answers from one provider ([ProviderConfig]: where, which key) over a
 * [HttpClient]. Create one per provider and reuse it; thread-safe. Java callers use
 * `SluiceLlm`, which wraps one of these.
 *
 * ```
 * LlmClient(ProviderConfig.fromEnvironment(Provider.OPENAI_CHAT)).use { client ->
 *     client.text(chatRequest { model = "gpt-4o-mini"; user("Hi") }).collect { print(it) }
 * }
 * ```
 *
 * Every call is cold and independent: collecting [stream] or [text], or calling [complete], sends
 * the request; cancelling the collector closes the connection; the provider's terminal event
 * (`[DONE]`, `message_stop`, `response.completed`...) ends the call at once even if the server
 * keeps the connection open.
 *
 * Retries ([LlmClientOptions.retryPolicy], default 2): a call whose failure is worth retrying
 * (HTTP 408/409/429/5xx/529, a connection that fails or breaks, an in-stream overloaded, rate-limit
 * or server error) is sent again only while nothing of the answer reached the consumer. Events
 * that precede the first content (stream start, usage of the prompt, provider bookkeeping) are
 * held until the first content arrives, so an error before the first token is retried without the
 * consumer seeing anything twice; once content was delivered, a failure is reported with the
 * partial result. Every error says how many times the call was sent (`attempts`).
 *
 * Timeouts ([LlmClientOptions]): connect, first token, idle once the answer began, and an
 * optional total; each raises [LlmTimeoutException] naming the limit, with the partial result.
 *
 * Errors: a status outside 2xx is an [LlmHttpException] (status, provider error type and
 * message); an error the provider reports inside the stream is an [LlmStreamException]; a stream
 * that breaks, times out or ends before its terminal event is an [LlmInterruptedException]. The
 * last two carry the partial result accumulated so far. Connecting fails with
 * `HttpTransportException`, a request the provider cannot express with `LlmRequestException`.
 *
 * Metrics (time to first byte and token, inter-token gaps, tokens per second, bytes, request id)
 * are measured for every call: on [LlmResult.metrics], and through
 * [LlmClientOptions.metricsListener] and the listener a call passes.
 */
public class LlmClient @JvmOverloads constructor(
    /** Where calls go and how they authenticate. */
    public val config: ProviderConfig,
    options: LlmClientOptions = LlmClientOptions(),
) : AutoCloseable {
    /**
     * A client for [provider] at [baseUrl] with [apiKey] (`null`: the provider's environment
     * variable, if any; see [ProviderConfig]).
     */
    @JvmOverloads
    public constructor(provider: Provider, baseUrl: String, apiKey: String? = null) :
        this(providerConfig(provider, baseUrl, apiKey))

    /** The provider calls go to. */
    public val provider: Provider get() = config.provider

    private val ownsHttp: Boolean = options.httpClient == null
    @get:JvmSynthetic internal val http: HttpClient = options.also { it.check() }.httpClient ?: HttpClient(
        HttpClientOptions().apply {
            engine = options.engine
            connectTimeout = options.connectTimeout
            retryPolicy = RetryPolicy.none() // LLM calls retry in LlmExchange, which knows what was delivered
        },
    )
    @get:JvmSynthetic internal val timeouts: StreamTimeouts = options.timeouts()
    @get:JvmSynthetic internal val retryPolicy: RetryPolicy = options.retryPolicy
    @get:JvmSynthetic internal val time: TransportTime = options.time
    @get:JvmSynthetic internal val metricsListener: MetricsListener? = options.metricsListener
    @get:JvmSynthetic internal val limits = options.limits
    @get:JvmSynthetic internal val lenient = options.lenient
    @get:JvmSynthetic internal val acceptCompression = options.acceptCompression
    @get:JvmSynthetic internal val maxAccumulatedChars = options.maxAccumulatedChars

    /**
     * The answer to [request] as neutral events, as they arrive. Cold: each collection sends the
     * request anew. [metrics], if given, hears this call's metrics (after the client's listener).
     * Nothing of the answer is accumulated (memory stays bounded by the current event); feed the
     * events to an [LlmAccumulator] to build the final message, or use [complete].
     */
    @JvmOverloads
    public fun events(request: ChatRequest, metrics: MetricsListener? = null): Flow<LlmEvent> = flow {
        LlmExchange(this@LlmClient, request, metrics, accumulate = false).run { emit(it) }
    }

    /** The former name of [events], kept for source compatibility. */
    @Deprecated("Renamed to events, the name the Java facade uses", ReplaceWith("events(request, metrics)"))
    @JvmSynthetic
    public fun stream(request: ChatRequest, metrics: MetricsListener? = null): Flow<LlmEvent> = events(request, metrics)

    /**
     * The answer's text deltas alone (of the first choice, index 0), as they arrive: joined, they
     * are the final text. Reasoning, tool calls and other choices are read but not emitted.
     */
    @JvmOverloads
    public fun text(request: ChatRequest, metrics: MetricsListener? = null): Flow<String> =
        events(request, metrics).filterIsInstance<LlmEvent.TextDelta>().filter { it.choiceIndex == 0 }.map { it.text }

    /** Streams [request] to its end and returns the final accumulated message, with its metrics. */
    @JvmSynthetic
    public suspend fun complete(request: ChatRequest, metrics: MetricsListener? = null): LlmResult =
        LlmExchange(this, request, metrics, accumulate = true).run {}

    /**
     * Streams [request], handing each event to [onEvent] as it arrives, and returns the final
     * accumulated message, with its metrics.
     */
    @JvmSynthetic
    public suspend fun complete(
        request: ChatRequest,
        metrics: MetricsListener? = null,
        onEvent: suspend (LlmEvent) -> Unit,
    ): LlmResult = LlmExchange(this, request, metrics, accumulate = true).run(onEvent)

    /**
     * A structured answer ([ChatRequest.responseSchema]) as it grows: each time the answer text
     * grows, the object so far (the text completed by [PartialJson]), when it changed. Cold, like
     * [events]. The final object is [completeObject]'s.
     */
    @JvmSynthetic
    public fun partialObjects(request: ChatRequest, metrics: MetricsListener? = null): Flow<JsonElement> = flow {
        val out = StructuredOutput(request.responseSchema)
        var last: JsonElement? = null
        events(request, metrics).collect { event ->
            if (out.add(event)) {
                val partial = out.partial
                if (partial != null && partial != last) {
                    last = partial
                    emit(partial)
                }
            }
        }
    }

    /**
     * Streams a structured answer ([ChatRequest.responseSchema]) to its end, handing the object so
     * far to [onPartial] as it grows, and returns it decoded with [deserializer] after checking it
     * against the schema.
     *
     * @throws LlmSchemaException when the final answer is not JSON, breaks the schema (the
     *   exception names the path), or does not decode
     */
    @JvmSynthetic
    public suspend fun <T> completeObject(
        request: ChatRequest,
        deserializer: DeserializationStrategy<T>,
        metrics: MetricsListener? = null,
        onPartial: suspend (JsonElement) -> Unit = {},
    ): T {
        val out = StructuredOutput(request.responseSchema)
        var last: JsonElement? = null
        complete(request, metrics) { event ->
            if (out.add(event)) {
                val partial = out.partial
                if (partial != null && partial != last) {
                    last = partial
                    onPartial(partial)
                }
            }
        }
        return out.decode(deserializer)
    }

    private val closed = AtomicBoolean()

    /** Whether [close] was called (or the shared HTTP client was closed). */
    public val isClosed: Boolean get() = closed.get() || http.isClosed

    /**
     * Refuses new calls (they fail with [IllegalStateException]). When the client owns its HTTP
     * client, also stops running calls (they fail with [IllegalStateException]) and releases the
     * connection pool; a shared one passed in [LlmClientOptions.httpClient] stays open, with the
     * calls running on it. Idempotent.
     */
    override fun close() {
        if (closed.compareAndSet(false, true) && ownsHttp) http.close()
    }

    override fun toString(): String = "LlmClient($config)"
}
