package dev.sluice.sse

import io.ktor.utils.io.ByteChannel
import io.ktor.utils.io.readRemaining
import io.ktor.utils.io.readUTF8Line
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.io.readByteArray
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals

@Timeout(20)
class SseChannelWriterTest {
    @Test
    fun eachFrameIsReadableAsSoonAsItIsWritten() = runBlocking {
        val channel = ByteChannel()
        channel.writeSse(SseEvent("hello", "greeting", "1"))
        // Flushed: the reader sees the whole frame while the channel is still open.
        assertEquals(listOf("event: greeting", "id: 1", "data: hello", ""), List(4) { channel.readUTF8Line() })
        channel.flushAndClose()
    }

    @Test
    fun aFlowOfFramesDecodesBackToItsEvents() = runBlocking {
        val channel = ByteChannel()
        val reader = async { channel.decodeSse().toList() }
        channel.writeSse(flowOf(SseEvent("a\r\nb"), SseEvent.comment("c"), SseEvent("", "done", "2")))
        channel.flushAndClose()
        assertEquals(listOf(ServerSentEvent("message", "a\nb", null), ServerSentEvent("done", "", "2")), reader.await())
    }

    @Test
    fun encodeSseGivesOneBufferPerFrame() = runBlocking {
        val buffers = flowOf(SseEvent("x"), SseEvent.comment("k")).encodeSse().toList()
        assertEquals(listOf("data: x\n\n", ": k\n\n"), buffers.map { Charsets.UTF_8.decode(it).toString() })
        val channel = ByteChannel()
        channel.writeSse(SseEvent("é😀"))
        channel.flushAndClose()
        assertEquals("data: é😀\n\n", String(channel.readRemaining().readByteArray(), Charsets.UTF_8))
    }
}
