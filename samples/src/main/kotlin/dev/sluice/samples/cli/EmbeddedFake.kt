package dev.sluice.samples.cli

import dev.sluice.llm.request.Provider
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.ScriptSource
import dev.sluice.testkit.defaultReply
import dev.sluice.testkit.schemaReply
import java.time.Duration

/**
 * The fake LLM server `chat` answers from when there is no key: the testkit's server on a free
 * 127.0.0.1 port, replying with its deterministic echo of the prompt, paced like a real model
 * (a short wait for the first token, then a steady rate) so the streaming shows.
 */
internal class EmbeddedFake private constructor(private val server: FakeLlmServer) : AutoCloseable {
    fun baseUrlFor(provider: Provider): String = when (provider) {
        Provider.ANTHROPIC -> server.anthropicBaseUrl
        Provider.OLLAMA -> server.ollamaBaseUrl
        Provider.GEMINI -> server.geminiBaseUrl
        else -> server.openAiBaseUrl
    }

    override fun close() = server.close()

    companion object {
        val TIME_TO_FIRST_TOKEN: Duration = Duration.ofMillis(120)
        val TOKEN_DELAY: Duration = Duration.ofMillis(25)

        /** Starts the fake; [paced] false answers at once (for tests that do not watch the pacing). */
        fun start(paced: Boolean = true): EmbeddedFake {
            val server = FakeLlmServer()
            server.on(
                ScriptSource { request ->
                    val reply = (schemaReply(request) ?: defaultReply(request.lastUserMessage() ?: "")).toBuilder()
                    if (paced) reply.timeToFirstToken(TIME_TO_FIRST_TOKEN).tokenDelay(TOKEN_DELAY)
                    reply.build()
                },
            )
            return EmbeddedFake(server.start())
        }
    }
}
