package dev.sluice.llm.memory

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmClientOptions
import dev.sluice.llm.LlmLimitExceededException
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.request.ProviderConfig
import kotlinx.coroutines.runBlocking

/**
 * Run in a JVM with a small heap (`-Xmx64m`) by [BoundedMemoryTest]: streams an answer far larger
 * than the heap through the text view (which must keep nothing), then through `complete()` with a
 * cap (which must end with the typed limit error). Prints one result line per case.
 */
object BoundedMemoryMain {
    @JvmStatic
    fun main(args: Array<String>) = runBlocking {
        val textChars = args[0].toLong()
        val cap = args[1].toInt()
        endlessChatServer(textChars).use { server ->
            val config = ProviderConfig.builder(Provider.OPENAI_CHAT).baseUrl(server.url + "/v1").environment(emptyMap<String, String>()).build()
            val request = ChatRequest.builder().model("m").user("go").build()
            LlmClient(config).use { client ->
                var seen = 0L
                client.text(request).collect { seen += it.length }
                println("TEXT_OK $seen")
            }
            val options = LlmClientOptions().apply { maxAccumulatedChars = cap }
            LlmClient(config, options).use { client ->
                try {
                    client.complete(request)
                    println("LIMIT_MISSED")
                } catch (e: LlmLimitExceededException) {
                    println("LIMIT_OK ${e.partial.text.length} ${e.limitName}")
                }
            }
        }
    }
}
