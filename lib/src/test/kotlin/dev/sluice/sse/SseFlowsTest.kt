package dev.sluice.sse

import dev.sluice.DecodeLimits
import dev.sluice.LimitExceededException
import io.ktor.utils.io.ByteChannel
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.writeFully
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.catch
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertNull

@Timeout(20)
class SseFlowsTest {
    private fun chunks(vararg s: String) = s.map { it.toByteArray() }.asFlow()

    @Test
    fun stateFollowsTheDeliveredEventsNotTheDecodedOnes() = runBlocking<Unit> {
        val state = SseStreamState()
        val seen = ArrayList<Pair<String?, Long?>>()
        // All three events arrive in one read; the state must step with each delivery.
        chunks("retry: 10\nid: 1\ndata: a\n\nretry: 20\nid: 2\ndata: b\n\nid: 3\n\n")
            .decodeSse(state = state)
            .collect { seen.add(state.lastEventId to state.retryMillis) }
        assertEquals(listOf<Pair<String?, Long?>>("1" to 10L, "2" to 20L), seen)
        assertEquals("3", state.lastEventId, "an id-only block commits after the last event")
        assertEquals(20L, state.retryMillis)
    }

    @Test
    fun cancellingAfterAnEventLeavesTheStateAtThatEvent() = runBlocking<Unit> {
        val state = SseStreamState()
        val first = chunks("id: 1\ndata: a\n\nid: 2\ndata: b\n\n").decodeSse(state = state).first()
        assertEquals("a", first.data)
        assertEquals("1", state.lastEventId, "event 2 was never delivered")
    }

    @Test
    fun stateResumesTheNextConnection() = runBlocking<Unit> {
        val state = SseStreamState()
        chunks("id: 7\nretry: 500\ndata: a\n\n").decodeSse(state = state).toList()
        val resumed = chunks("data: b\n\n").decodeSse(state = state).toList()
        assertEquals("7", resumed.single().id, "the reconnection carries the last event ID")
        assertEquals(500L, state.retryMillis, "a stream without retry keeps the previous one")
    }

    @Test
    fun stateGivenToTheConstructorIsTheStartingPoint() = runBlocking<Unit> {
        val state = SseStreamState("99", 1000L)
        val events = chunks("data: a\n\n").decodeSse(state = state).toList()
        assertEquals("99", events.single().id)
        assertEquals(1000L, state.retryMillis)
    }

    @Test
    fun eventsBeforeALimitFailureInTheSameReadAreDelivered() = runBlocking<Unit> {
        val got = ArrayList<String>()
        val error = assertFailsWith<LimitExceededException> {
            chunks("data: a\n\ndata: b\n\ndata: 0123456789\n\n")
                .decodeSse(DecodeLimits().withMaxEventBytes(4))
                .collect { got.add(it.data) }
        }
        assertEquals(listOf("a", "b"), got)
        assertEquals("maxEventBytes", error.limitName)
    }

    @Test
    fun upstreamErrorsPropagateAfterTheEventsBeforeThem() = runBlocking<Unit> {
        val source = flow {
            emit("data: a\n\n".toByteArray())
            throw java.io.IOException("connection reset")
        }
        val got = ArrayList<String>()
        val caught = ArrayList<Throwable>()
        source.decodeSse().catch { caught.add(it) }.collect { got.add(it.data) }
        assertEquals(listOf("a"), got)
        assertIs<java.io.IOException>(caught.single())
    }

    @Test
    fun theFlowIsColdAndDecodesAfreshOnEachCollection() = runBlocking<Unit> {
        val flow = flowOf("data: a\n\n".toByteArray(), "data: b\n".toByteArray()).decodeSse()
        assertEquals(listOf("a"), flow.toList().map { it.data })
        assertEquals(listOf("a"), flow.toList().map { it.data })
    }

    @Test
    fun byteReadChannelIsDecodedAsItArrives() = runBlocking<Unit> {
        withTimeout(10_000) {
            val channel = ByteChannel()
            val state = SseStreamState()
            val writer = launch {
                val bytes = "id: 1\r\ndata: \u4E2D\r\n\r\nid: 2\rdata: b\r\r".toByteArray()
                for (b in bytes) {
                    channel.writeFully(byteArrayOf(b))
                    channel.flush()
                }
                delay(10)
                channel.flushAndClose()
            }
            val events = channel.decodeSse(state = state).toList()
            writer.join()
            assertEquals(listOf(ServerSentEvent("message", "\u4E2D", "1"), ServerSentEvent("message", "b", "2")), events)
            assertEquals("2", state.lastEventId)
        }
    }

    @Test
    fun byteReadChannelOfAWholeBodyEndsAtItsEnd() = runBlocking<Unit> {
        val body = buildString { repeat(5000) { append("data: ").append(it).append("\n\n") } }
        val events = ByteReadChannel(body.toByteArray()).decodeSse().toList()
        assertEquals((0 until 5000).map { it.toString() }, events.map { it.data })
        val partial = ByteReadChannel("data: x\n\ndata: y".toByteArray()).decodeSse().take(5).toList()
        assertEquals(listOf("x"), partial.map { it.data })
        assertNull(partial.single().id)
    }
}
