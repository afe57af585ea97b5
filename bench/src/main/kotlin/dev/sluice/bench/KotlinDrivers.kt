package dev.sluice.bench

import dev.sluice.llm.LlmStreamDecoder
import dev.sluice.llm.decodeLlmBody
import dev.sluice.llm.request.Provider
import dev.sluice.sse.decodeSse
import io.ktor.client.HttpClient
import io.ktor.client.engine.HttpClientEngineCapability
import io.ktor.client.engine.mock.MockEngine
import io.ktor.client.engine.mock.MockEngineConfig
import io.ktor.client.engine.mock.respond
import io.ktor.client.plugins.sse.DefaultClientSSESession
import io.ktor.client.plugins.sse.SSE
import io.ktor.client.plugins.sse.SSEClientContent
import io.ktor.client.request.HttpResponseData
import io.ktor.utils.io.InternalAPI
import io.ktor.client.plugins.sse.SSECapability
import io.ktor.client.plugins.sse.sse
import io.ktor.http.HttpHeaders
import io.ktor.http.HttpStatusCode
import io.ktor.http.headersOf
import io.ktor.utils.io.ByteReadChannel
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.runBlocking

/** Blocking entry points into the coroutine-based decoders, for the Java JMH benchmarks. */
@OptIn(InternalAPI::class)
public object KotlinDrivers {
    /** Sluice's `Flow<ByteArray>.decodeSse` over [reads]; returns the total data length (chars). */
    @JvmStatic
    public fun sluiceFlow(reads: List<ByteArray>): Long = runBlocking {
        var chars = 0L
        reads.asFlow().decodeSse().collect { chars += it.data.length }
        chars
    }

    /**
     * `Flow<ByteArray>.decodeLlmBody` over [reads], as `LlmClient` reads a body: SSE framing, the
     * [provider]'s codec and the accumulator; returns the accumulated text's length.
     */
    @JvmStatic
    public fun sluiceLlmFlow(reads: List<ByteArray>, provider: Provider): Long = runBlocking {
        val decoder = LlmStreamDecoder(provider)
        reads.asFlow().decodeLlmBody(decoder).collect { }
        decoder.snapshot().text.length.toLong()
    }

    /** A Ktor client with the SSE plugin over a mock engine that answers every call with [body]. */
    @JvmStatic
    public fun ktorClient(body: ByteArray): HttpClient {
        val config = MockEngineConfig().apply {
            reuseHandlers = true
            addHandler { request ->
                // What a real SSE-capable engine does: hand the plugin a session over the body.
                val base = respond(ByteReadChannel.Empty, HttpStatusCode.OK, headersOf(HttpHeaders.ContentType, "text/event-stream"))
                val session = DefaultClientSSESession(request.body as SSEClientContent, ByteReadChannel(body))
                HttpResponseData(base.statusCode, base.requestTime, base.headers, base.version, session, base.callContext)
            }
        }
        return HttpClient(SseMockEngine(config)) { install(SSE) }
    }

    /** Ktor 3.6's mock engine does not declare the SSE capability its plugin checks for; this one does. */
    private class SseMockEngine(config: MockEngineConfig) : MockEngine(config) {
        override val supportedCapabilities: Set<HttpClientEngineCapability<out Any>> = super.supportedCapabilities + SSECapability
    }

    /** Ktor's SSE plugin reading one whole call of [client]; returns the total data length (chars). */
    @JvmStatic
    public fun ktorSse(client: HttpClient): Long = runBlocking {
        var chars = 0L
        client.sse("http://bench.invalid/stream") {
            incoming.collect { chars += it.data?.length ?: 0 }
        }
        chars
    }
}
