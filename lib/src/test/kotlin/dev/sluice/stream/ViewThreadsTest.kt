package dev.sluice.stream

import dev.sluice.http.ByteChunk
import dev.sluice.http.SluiceHttp
import dev.sluice.testing.RawServer
import org.junit.jupiter.api.Test
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Flow
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * The threading contract the README states: the Java views' signals, and the engine's socket reads
 * behind them, run on the shared `Dispatchers.Default` workers (one per core), however many streams
 * are open. On `Dispatchers.IO` (the old default) 100 concurrent streams spread over dozens of threads.
 */
class ViewThreadsTest {
    @Test
    fun manyConcurrentPublishersShareTheDefaultWorkers() {
        val streams = 100
        val server = RawServer(executor = null, handler = { ex ->
            ex.startChunked(200, "text/plain")
            repeat(10_000) {
                ex.chunk("x\n")
                Thread.sleep(5)
            }
        })
        server.use {
            SluiceHttp.create().use { http ->
                val signalled = ConcurrentHashMap.newKeySet<Thread>()
                val enough = CountDownLatch(streams)
                val subscriptions = ConcurrentHashMap.newKeySet<Flow.Subscription>()
                repeat(streams) {
                    http.get(server.url).bytes().publisher().subscribe(object : Flow.Subscriber<ByteChunk> {
                        var seen = 0
                        override fun onSubscribe(s: Flow.Subscription) { subscriptions += s; s.request(Long.MAX_VALUE) }
                        override fun onNext(item: ByteChunk) {
                            signalled += Thread.currentThread()
                            if (++seen == 5) enough.countDown()
                        }
                        override fun onError(t: Throwable) { enough.countDown() }
                        override fun onComplete() { enough.countDown() }
                    })
                }
                assertTrue(enough.await(30, TimeUnit.SECONDS), "every stream got 5 chunks")
                subscriptions.forEach { it.cancel() }
                val names = signalled.map { it.name }.sorted()
                assertTrue(names.all { it.startsWith("DefaultDispatcher-worker-") }, "signal threads: $names")
                val workers = maxOf(2, Runtime.getRuntime().availableProcessors())
                assertTrue(signalled.size <= workers, "${signalled.size} threads signalled (Default has $workers): $names")
                assertTrue(server.awaitOpenConnectionsAtMost(0), "server still has ${server.openConnections} open")
                assertEquals(streams, server.acceptedConnections)
            }
        }
    }
}
