@file:JvmName("OkHttpEngine")

package dev.sluice.http

import io.ktor.client.engine.HttpClientEngine
import io.ktor.client.engine.okhttp.OkHttp
import okhttp3.OkHttpClient

/**
 * Ktor's OkHttp engine, for [HttpClientOptions.engine], `LlmClientOptions.engine` or
 * `SluiceLlm.Builder.engine`: what an Android app that already uses OkHttp picks, to share its
 * connection pool, TLS set-up and interceptors. Java: `OkHttpEngine.create()`.
 *
 * Needs `io.ktor:ktor-client-okhttp-jvm` (same version as Sluice's Ktor) on the app's classpath:
 * it is an optional dependency of Sluice. The caller owns the engine and closes it after the
 * clients that use it. OkHttp's `Dispatcher` allows 5 concurrent requests per host by default;
 * raise `maxRequestsPerHost` for more concurrent streams.
 *
 * Endings: Ktor's OkHttp engine does not report every body cut short (a truncated chunked body
 * can end cleanly, or lose its last bytes before the error); Sluice's own engine, the default,
 * always delivers what arrived and then fails. LLM streams stay safe either way: an answer without
 * its terminal event is an `LlmInterruptedException` with the partial result.
 */
@JvmName("create")
public fun okHttpEngine(): HttpClientEngine = OkHttp.create()

/** Ktor's OkHttp engine over the app's own [client] (its pool, interceptors and timeouts). */
@JvmName("create")
public fun okHttpEngine(client: OkHttpClient): HttpClientEngine = OkHttp.create { preconfigured = client }
