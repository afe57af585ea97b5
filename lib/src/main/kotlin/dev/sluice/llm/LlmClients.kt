@file:JvmName("LlmClients")

package dev.sluice.llm

import dev.sluice.llm.request.ProviderConfig

/**
 * Kotlin DSL: `LlmClient(ProviderConfig.fromEnvironment(Provider.ANTHROPIC)) { idleTimeout = 60.seconds }`.
 * (Java callers use `SluiceLlm.builder(...)`.)
 */
@JvmSynthetic
public fun LlmClient(config: ProviderConfig, configure: LlmClientOptions.() -> Unit): LlmClient =
    LlmClient(config, LlmClientOptions().apply(configure))
