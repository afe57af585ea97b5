@file:JvmName("HttpClients")

package dev.sluice.http

/**
 * Kotlin DSL: `HttpClient { baseUrl = "https://api.example.com"; header("Authorization", "Bearer $key") }`.
 * (Java callers use `SluiceHttp.builder()` or `new HttpClient(config)`.)
 */
@JvmSynthetic
public fun HttpClient(configure: HttpClientOptions.() -> Unit): HttpClient =
    HttpClient(HttpClientOptions().apply(configure))

/** Renamed to [HttpClient]: Kotlin entry points are `<Area>Client`. */
@Deprecated("Renamed to HttpClient", ReplaceWith("HttpClient", "dev.sluice.http.HttpClient"))
public typealias SluiceClient = HttpClient

/** Renamed to [HttpClientOptions]: an entry point's settings are `<Area>ClientOptions`. */
@Deprecated("Renamed to HttpClientOptions", ReplaceWith("HttpClientOptions", "dev.sluice.http.HttpClientOptions"))
public typealias SluiceClientConfig = HttpClientOptions

/** Renamed to [HttpRequest]: a request's Kotlin object is `<Area>Request`. */
@Deprecated("Renamed to HttpRequest", ReplaceWith("HttpRequest", "dev.sluice.http.HttpRequest"))
public typealias SluiceRequest = HttpRequest
