package dev.sluice.llm

import dev.sluice.DecodeLimits
import dev.sluice.http.SluiceClient
import dev.sluice.metrics.MetricsListener
import io.ktor.client.engine.HttpClientEngine

/**
 * Settings of an [LlmClient] beyond where the provider is ([dev.sluice.llm.request.ProviderConfig]),
 * read once when the client is created. Kotlin: `LlmClient(config) { idleTimeoutMillis = 30_000 }`;
 * Java: `SluiceLlm.builder(...)`.
 *
 * Timeouts fit streaming: there is no default total timeout that would cut a long generation.
 */
public class LlmClientOptions {
    /**
     * A shared HTTP client to send calls with (its connection pool, engine and default headers).
     * The caller owns it: [LlmClient.close] leaves it open. `null`: the LLM client makes its own.
     */
    public var httpClient: SluiceClient? = null

    /**
     * The Ktor engine of the client's own HTTP client (OkHttp on Android, `MockEngine` in tests);
     * ignored when [httpClient] is set. The caller owns it. `null`: CIO.
     */
    public var engine: HttpClientEngine? = null

    /** How long opening a connection may take, in ms (default 10 s); ignored when [httpClient] is set. */
    public var connectTimeoutMillis: Long = 10_000

    /**
     * The longest time without a byte from the server, from sending the request (waiting for the
     * status line included) to the end of the body, in ms; keep-alive comments and `ping` events
     * reset it. `0` (default): none.
     */
    public var idleTimeoutMillis: Long = 0

    /** The longest a whole call may take, in ms. `0` (default): none, so long generations finish. */
    public var totalTimeoutMillis: Long = 0

    /** Hears the metrics of every call (a call can add its own listener too). */
    public var metricsListener: MetricsListener? = null

    /** Maximum line and event sizes of the decoded stream. */
    public var limits: DecodeLimits = DecodeLimits()

    /**
     * Whether events that break the provider's format (not JSON, a known field of the wrong type)
     * are skipped and counted ([LlmResult.skippedEvents]) instead of failing the call with
     * [LlmProtocolException]. Default false: strict.
     */
    public var lenient: Boolean = false

    /**
     * The most characters a call that builds the final message ([LlmClient.complete], the blocking
     * view's result, futures) accumulates; past it the call fails with [LlmLimitExceededException]
     * carrying the partial result. Default 64 Mi characters. The event and text views accumulate
     * nothing, so it does not bound them.
     */
    public var maxAccumulatedChars: Int = 64 * 1024 * 1024

    /** Sets [connectTimeoutMillis]. */
    public fun connectTimeout(timeout: java.time.Duration): LlmClientOptions = apply {
        connectTimeoutMillis = timeout.toMillis()
    }

    /** Sets [idleTimeoutMillis]; [java.time.Duration.ZERO] for none. */
    public fun idleTimeout(timeout: java.time.Duration): LlmClientOptions = apply {
        idleTimeoutMillis = timeout.toMillis()
    }

    /** Sets [totalTimeoutMillis]; [java.time.Duration.ZERO] for none. */
    public fun totalTimeout(timeout: java.time.Duration): LlmClientOptions = apply {
        totalTimeoutMillis = timeout.toMillis()
    }

    internal fun check() {
        require(connectTimeoutMillis > 0) { "connectTimeoutMillis must be positive, was $connectTimeoutMillis" }
        require(idleTimeoutMillis >= 0) { "idleTimeoutMillis must not be negative, was $idleTimeoutMillis" }
        require(totalTimeoutMillis >= 0) { "totalTimeoutMillis must not be negative, was $totalTimeoutMillis" }
        require(maxAccumulatedChars > 0) { "maxAccumulatedChars must be positive, was $maxAccumulatedChars" }
    }

    override fun toString(): String =
        "LlmClientOptions(httpClient=$httpClient, engine=${engine?.javaClass?.simpleName}, " +
            "connectTimeoutMillis=$connectTimeoutMillis, idleTimeoutMillis=$idleTimeoutMillis, " +
            "totalTimeoutMillis=$totalTimeoutMillis, metricsListener=${metricsListener != null}, limits=$limits, " +
            "lenient=$lenient, maxAccumulatedChars=$maxAccumulatedChars)"
}
