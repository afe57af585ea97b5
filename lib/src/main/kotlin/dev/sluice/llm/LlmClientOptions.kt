package dev.sluice.llm

import dev.sluice.DecodeLimits
import dev.sluice.http.HttpClient
import dev.sluice.http.RetryPolicy
import dev.sluice.metrics.MetricsListener
import dev.sluice.internal.http.StreamTimeouts
import dev.sluice.internal.http.TransportTime
import dev.sluice.internal.http.checkTimeout
import dev.sluice.internal.http.javaTimeout
import io.ktor.client.engine.HttpClientEngine
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration

/**
 * Settings of an [LlmClient] beyond where the provider is ([dev.sluice.llm.request.ProviderConfig]),
 * read once when the client is created. Kotlin: `LlmClient(config) { idleTimeout = 30.seconds }`;
 * Java: `SluiceLlm.builder(...)`.
 *
 * Timeouts fit streaming: a stalled stream never hangs forever, yet long reasoning pauses survive.
 * Defaults: connect 10 s; first token 10 min (reasoning models may think for minutes before the
 * first visible token, and some providers send nothing meanwhile); idle 5 min once the answer has
 * begun (keep-alives count, so only a stream that truly went silent fails); no total, so long
 * generations finish. Each limit that fires raises [LlmTimeoutException] naming it, with the
 * partial result. Failures before the first content are retried under [retryPolicy].
 */
public class LlmClientOptions {
    /**
     * A shared HTTP client to send calls with (its connection pool, engine and default headers).
     * The caller owns it: [LlmClient.close] leaves it open. `null`: the LLM client makes its own.
     */
    public var httpClient: HttpClient? = null

    /**
     * The Ktor engine of the client's own HTTP client (OkHttp on Android, `MockEngine` in tests);
     * ignored when [httpClient] is set. The caller owns it. `null`: Sluice's own engine.
     */
    public var engine: HttpClientEngine? = null

    /**
     * How long opening a connection may take (default 10 s), also on a shared [httpClient].
     * A connect timeout is retried like any connection failure. Java: [connectTimeout].
     */
    @get:JvmSynthetic
    @set:JvmSynthetic
    public var connectTimeout: Duration = 10.seconds

    /**
     * How long a call may wait for the answer's first content (a text, reasoning, refusal or tool
     * call delta, or its end), from sending the request: headers and keep-alives do not end the
     * wait. Default 10 minutes, for reasoning models that think silently before answering.
     * [Duration.INFINITE]: none. Java: [firstTokenTimeout].
     */
    @get:JvmSynthetic
    @set:JvmSynthetic
    public var firstTokenTimeout: Duration = 10.minutes

    /**
     * The longest time without a byte from the server once the answer has begun (after its first
     * content); keep-alive comments and `ping` events reset it, time the consumer takes does not
     * count. Default 5 minutes: long pauses mid-answer survive, a dead connection does not hang
     * forever. [Duration.INFINITE]: none. Java: [idleTimeout].
     */
    @get:JvmSynthetic
    @set:JvmSynthetic
    public var idleTimeout: Duration = 5.minutes

    /**
     * The longest a whole call may take, retries included. [Duration.INFINITE] (default): none,
     * so long generations finish. Java: [totalTimeout].
     */
    @get:JvmSynthetic
    @set:JvmSynthetic
    public var totalTimeout: Duration = Duration.INFINITE

    /**
     * When a call is sent again after a failure before its first content reached the consumer
     * (HTTP 408/409/429/5xx/529, connection failures, in-stream overloaded, rate-limit and server
     * errors); see [RetryPolicy]. Default: 2 retries with backoff. [RetryPolicy.none]: never.
     */
    public var retryPolicy: RetryPolicy = RetryPolicy()

    /** Clocks and waits of retries and timeouts; tests run them in virtual time. */
    @get:JvmSynthetic @set:JvmSynthetic internal var time: TransportTime = TransportTime.SYSTEM

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

    /**
     * Whether calls send `Accept-Encoding: gzip, deflate` (also on a shared [httpClient]). Default
     * false: none is sent. A gzip or deflate answer is decompressed as it streams either way; any
     * other encoding fails the call with [LlmInterruptedException] caused by
     * [dev.sluice.http.UnsupportedContentEncodingException], naming it.
     */
    public var acceptCompression: Boolean = false

    /** Sets the connect timeout (at least 1 ms). */
    public fun connectTimeout(timeout: java.time.Duration): LlmClientOptions = apply {
        connectTimeout = checkTimeout("connectTimeout", timeout.toKotlinDuration())
    }

    /** Sets the first-token timeout (at least 1 ms); `null` for none. */
    public fun firstTokenTimeout(timeout: java.time.Duration?): LlmClientOptions = apply {
        firstTokenTimeout = javaTimeout("firstTokenTimeout", timeout)
    }

    /** Sets the idle timeout (at least 1 ms); `null` for none. */
    public fun idleTimeout(timeout: java.time.Duration?): LlmClientOptions = apply {
        idleTimeout = javaTimeout("idleTimeout", timeout)
    }

    /** Sets the total timeout (at least 1 ms); `null` for none. */
    public fun totalTimeout(timeout: java.time.Duration?): LlmClientOptions = apply {
        totalTimeout = javaTimeout("totalTimeout", timeout)
    }

    /** The timeouts of every call, checked (each at least 1 ms). */
    @JvmSynthetic internal fun timeouts(): StreamTimeouts {
        checkTimeout("connectTimeout", connectTimeout)
        checkTimeout("firstTokenTimeout", firstTokenTimeout)
        checkTimeout("idleTimeout", idleTimeout)
        checkTimeout("totalTimeout", totalTimeout)
        return StreamTimeouts(connectTimeout, firstTokenTimeout, idleTimeout, totalTimeout)
    }

    @JvmSynthetic internal fun check() {
        timeouts()
        require(maxAccumulatedChars > 0) { "maxAccumulatedChars must be positive, was $maxAccumulatedChars" }
    }

    override fun toString(): String =
        "LlmClientOptions(httpClient=$httpClient, engine=${engine?.javaClass?.simpleName}, " +
            "connectTimeout=$connectTimeout, firstTokenTimeout=$firstTokenTimeout, idleTimeout=$idleTimeout, " +
            "totalTimeout=$totalTimeout, retryPolicy=$retryPolicy, metricsListener=${metricsListener != null}, limits=$limits, " +
            "lenient=$lenient, maxAccumulatedChars=$maxAccumulatedChars)"
}
