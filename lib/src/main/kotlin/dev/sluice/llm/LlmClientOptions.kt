package dev.sluice.llm

import dev.sluice.DecodeLimits
import dev.sluice.http.HttpClient
import dev.sluice.metrics.MetricsListener
import dev.sluice.internal.http.checkTimeout
import io.ktor.client.engine.HttpClientEngine
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration

/**
 * Settings of an [LlmClient] beyond where the provider is ([dev.sluice.llm.request.ProviderConfig]),
 * read once when the client is created. Kotlin: `LlmClient(config) { idleTimeout = 30.seconds }`;
 * Java: `SluiceLlm.builder(...)`.
 *
 * Timeouts fit streaming: there is no default total timeout that would cut a long generation.
 */
public class LlmClientOptions {
    /**
     * A shared HTTP client to send calls with (its connection pool, engine and default headers).
     * The caller owns it: [LlmClient.close] leaves it open. `null`: the LLM client makes its own.
     */
    public var httpClient: HttpClient? = null

    /**
     * The Ktor engine of the client's own HTTP client (OkHttp on Android, `MockEngine` in tests);
     * ignored when [httpClient] is set. The caller owns it. `null`: CIO.
     */
    public var engine: HttpClientEngine? = null

    /**
     * How long opening a connection may take (default 10 s); ignored when [httpClient] is set.
     * Java: [connectTimeout].
     */
    @get:JvmSynthetic
    @set:JvmSynthetic
    public var connectTimeout: Duration = 10.seconds

    /**
     * The longest time without a byte from the server, from sending the request (waiting for the
     * status line included) to the end of the body; keep-alive comments and `ping` events reset it.
     * [Duration.INFINITE] (default): none. Java: [idleTimeout].
     */
    @get:JvmSynthetic
    @set:JvmSynthetic
    public var idleTimeout: Duration = Duration.INFINITE

    /**
     * The longest a whole call may take. [Duration.INFINITE] (default): none, so long generations
     * finish. Java: [totalTimeout].
     */
    @get:JvmSynthetic
    @set:JvmSynthetic
    public var totalTimeout: Duration = Duration.INFINITE

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

    /** Sets the connect timeout (at least 1 ms). */
    public fun connectTimeout(timeout: java.time.Duration): LlmClientOptions = apply {
        connectTimeout = checkTimeout("connectTimeout", timeout.toKotlinDuration())
    }

    /** Sets the idle timeout (at least 1 ms); `null` for none. */
    public fun idleTimeout(timeout: java.time.Duration?): LlmClientOptions = apply {
        idleTimeout = timeout?.let { checkTimeout("idleTimeout", it.toKotlinDuration()) } ?: Duration.INFINITE
    }

    /** Sets the total timeout (at least 1 ms); `null` for none. */
    public fun totalTimeout(timeout: java.time.Duration?): LlmClientOptions = apply {
        totalTimeout = timeout?.let { checkTimeout("totalTimeout", it.toKotlinDuration()) } ?: Duration.INFINITE
    }

    internal fun check() {
        checkTimeout("connectTimeout", connectTimeout)
        checkTimeout("idleTimeout", idleTimeout)
        checkTimeout("totalTimeout", totalTimeout)
        require(maxAccumulatedChars > 0) { "maxAccumulatedChars must be positive, was $maxAccumulatedChars" }
    }

    override fun toString(): String =
        "LlmClientOptions(httpClient=$httpClient, engine=${engine?.javaClass?.simpleName}, " +
            "connectTimeout=$connectTimeout, idleTimeout=$idleTimeout, " +
            "totalTimeout=$totalTimeout, metricsListener=${metricsListener != null}, limits=$limits, " +
            "lenient=$lenient, maxAccumulatedChars=$maxAccumulatedChars)"
}
