package dev.sluice.internal.http

import dev.sluice.http.HttpClientOptions
import io.ktor.client.HttpClient
import io.ktor.client.HttpClientConfig
import dev.sluice.internal.http.engine.SluiceEngineFactory
import io.ktor.client.plugins.HttpTimeout
import io.ktor.client.plugins.HttpTimeoutConfig

/**
 * The Ktor client behind a HttpClient. Streams may live for hours, so there is no request or
 * socket (read) timeout, only a connect timeout; idle and total timeouts belong to the streams.
 */
internal fun createKtorClient(config: HttpClientOptions): HttpClient {
    checkTimeout("connectTimeout", config.connectTimeout)
    require(config.maxConnections > 0) { "maxConnections must be positive, was ${config.maxConnections}" }
    require(config.maxConnectionsPerRoute > 0) {
        "maxConnectionsPerRoute must be positive, was ${config.maxConnectionsPerRoute}"
    }
    val connectTimeout = timeoutMillisOrZero(config.connectTimeout).takeIf { it > 0 } ?: HttpTimeoutConfig.INFINITE_TIMEOUT_MS
    val common: HttpClientConfig<*>.() -> Unit = {
        expectSuccess = false
        followRedirects = true
        install(HttpTimeout) {
            connectTimeoutMillis = connectTimeout
            requestTimeoutMillis = HttpTimeoutConfig.INFINITE_TIMEOUT_MS
            socketTimeoutMillis = HttpTimeoutConfig.INFINITE_TIMEOUT_MS
        }
    }
    val injected = config.engine
    if (injected != null) return HttpClient(injected, common)
    return HttpClient(SluiceEngineFactory) {
        engine {
            maxConnections = config.maxConnections
            maxConnectionsPerRoute = config.maxConnectionsPerRoute
            connectTimeoutMillis = timeoutMillisOrZero(config.connectTimeout)
            trustManager = config.tlsTrustManager
        }
        common()
    }
}
