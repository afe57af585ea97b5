package dev.sluice.samples.sse

import dev.sluice.llm.LlmClient
import dev.sluice.llm.decodeLlmBody
import dev.sluice.llm.LlmStreamDecoder
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseDecoder
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.ScriptBuilder
import io.ktor.utils.io.ByteChannel
import io.ktor.utils.io.toByteArray
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.runBlocking
import java.io.ByteArrayOutputStream
import kotlin.test.Test
import kotlin.test.assertEquals

class SseSamplesTest {
    @Test
    fun writerSampleWritesEventsAnyDecoderReadsBack() {
        val out = ByteArrayOutputStream()
        SseWriterSample.writeAnswer(out)
        val events = ArrayList<ServerSentEvent>()
        SseDecoder({ events += it }).apply { feed(out.toByteArray()); end() }
        assertEquals(listOf("delta" to "Hello", "done" to ""), events.map { it.type to it.data })
        assertEquals(listOf("1", "2"), events.map { it.id })
    }

    @Test
    fun relaySampleWritesOpenAiSseThatDecodesToTheSameAnswer(): Unit = runBlocking {
        FakeLlmServer().start().use { fake ->
            fake.enqueue(ScriptBuilder().text("Rivers run to the sea.").usage(3, 6).build())
            LlmClient(Provider.ANTHROPIC, fake.anthropicBaseUrl, "k").use { llm ->
                val channel = ByteChannel()
                val body = async { channel.toByteArray() }
                relayAsOpenAi(channel, llm, ChatRequest.builder().model("m").user("Rivers?").maxTokens(50).build())
                val decoder = LlmStreamDecoder(Provider.OPENAI_CHAT)
                flowOf(body.await()).decodeLlmBody(decoder).collect()
                val result = decoder.snapshot()
                assertEquals("Rivers run to the sea.", result.text)
                assertEquals(true, result.isComplete)
            }
        }
    }
}
