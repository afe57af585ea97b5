@file:JvmName("LlmRelaySample")

package dev.sluice.samples.sse

import dev.sluice.llm.LlmClient
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.toSse
import dev.sluice.sse.withKeepAlive
import dev.sluice.sse.writeSse
import io.ktor.utils.io.ByteWriteChannel
import kotlin.time.Duration.Companion.seconds

/**
 * Kotlin, server side: a model's answer relayed to [channel] (e.g. Ktor's `respondBytesWriter`)
 * as OpenAI Chat Completions SSE, so OpenAI clients read it as the API's own.
 */
public suspend fun relayAsOpenAi(channel: ByteWriteChannel, llm: LlmClient, request: ChatRequest) {
    // snippet:begin relay-sse
    channel.writeSse(llm.events(request).toSse(Provider.OPENAI_CHAT).withKeepAlive(15.seconds)) // or ANTHROPIC, or toTextSse()
    // snippet:end
    channel.flushAndClose()
}
