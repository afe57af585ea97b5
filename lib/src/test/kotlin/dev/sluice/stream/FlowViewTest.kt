package dev.sluice.stream

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
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
        val started = CompletableDeferred<Unit>()
        val job = launch(Dispatchers.IO) {
            LoopbackFlows.lines(server.port(), -1).collect { started.complete(Unit) }
        }
        started.await()
        job.cancelAndJoin()
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
        val seen = mutableListOf<String>()
        val done = CompletableDeferred<Unit>()
        stream.subscribe(object : StreamHandler<String> {
            override fun onNext(item: String) {
                seen += item
            }

            override fun onComplete() {
                done.complete(Unit)
            }
        })
        withTimeout(10_000) { done.await() }
        assertEquals(fromBlocking, seen)
        delay(10)
        awaitClosed()
        assertTrue(server.acceptedConnections() == 3)
    }
}
