@file:JvmName("SluiceClients")

package dev.sluice.http

/**
 * Kotlin DSL: `SluiceClient { baseUrl = "https://api.example.com"; header("Authorization", "Bearer $key") }`.
 * (Java callers use `SluiceHttp.builder()` or `new SluiceClient(config)`.)
 */
@JvmSynthetic
public fun SluiceClient(configure: SluiceClientConfig.() -> Unit): SluiceClient =
    SluiceClient(SluiceClientConfig().apply(configure))
