@file:JvmName("RelayServerSample")

package dev.sluice.samples.relay

import dev.sluice.llm.LlmClient

/** Starts a relay in front of [llm] (any provider) on a free 127.0.0.1 port and prints where clients connect. */
public fun startRelay(llm: LlmClient): LlmRelay {
    // snippet:begin relay-server
    val relay = LlmRelay(llm, model = "gpt-4o-mini").start() // 127.0.0.1, a free port (or port = 8080)
    println(relay.openAiBaseUrl) // OpenAI clients' base URL; Anthropic clients use relay.anthropicBaseUrl
    println(relay.pageUrl) // a page that streams GET /stream with EventSource
    // snippet:end
    return relay
}
