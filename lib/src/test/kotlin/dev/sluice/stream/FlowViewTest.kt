package dev.sluice.stream

import dev.sluice.testing.FlowRecorder
import dev.sluice.testing.HandlerRecorder
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.plus
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/** The Kotlin view: the cold flow itself, and the Java views used from Kotlin. */
@Timeout(60)
class FlowViewTest {
    private val server = LineServer()

    @AfterEach
    fun stop() = server.close()

    private fun awaitClosed() = ViewTesting.awaitUntil(java.time.Duration.ofSeconds(10), "connection closed") {
        server.openConnections() == 0
    }

    @Test
    fun collectingStartsTheRunAndEachCollectionIsItsOwnConnection() = runBlocking {
        val stream = SluiceStream.of(LoopbackFlows.lines(server.port(), 3))
        assertEquals(0, server.acceptedConnections())
        assertEquals(listOf("0", "1", "2"), stream.asFlow().toList())
        assertEquals(listOf("0", "1", "2"), stream.asFlow().toList())
        assertEquals(2, server.acceptedConnections())
        awaitClosed()
    }

    @Test
    fun takeClosesTheConnectionOfAnEndlessStream() = runBlocking {
        assertEquals(listOf("0", "1", "2"), LoopbackFlows.lines(server.port(), -1).take(3).toList())
        awaitClosed()
    }

    @Test
    fun cancellingTheCollectorClosesTheConnection() = runBlocking {
        val rec = FlowRecorder.record(this + Dispatchers.IO, LoopbackFlows.lines(server.port(), -1))
        rec.assertItem("0")
        rec.job.cancelAndJoin()
        awaitClosed()
        assertEquals(0, LoopbackFlows.active.get())
    }

    @Test
    fun aTimeoutClosesTheConnectionOfAStalledStream() = runBlocking {
        assertFailsWith<TimeoutCancellationException> {
            withTimeout(300) { LoopbackFlows.lines(server.port(), 1, end = false).toList() }
        }
        awaitClosed()
    }

    @Test
    fun javaViewsReadNaturallyFromKotlin() = runBlocking {
        val stream = SluiceStream.of(LoopbackFlows.lines(server.port(), 5))
        val fromBlocking = stream.blocking().use { it.toList() } // Iterable as well as Iterator: for-each and toList()
        assertEquals(listOf("0", "1", "2", "3", "4"), fromBlocking)
        assertEquals(5L, stream.count().get())
        val handler = HandlerRecorder<String>()
        stream.subscribe(handler)
        handler.assertItems(fromBlocking)
        handler.assertComplete()
        handler.assertExhausted()
        delay(10)
        awaitClosed()
        assertTrue(server.acceptedConnections() == 3)
    }
}
