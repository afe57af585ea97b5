package dev.sluice.internal.text

import dev.sluice.sse.SseDecoder
import dev.sluice.sse.SseViewDecoder
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertSame
import kotlin.test.assertTrue

class BufferPoolTest {
    @Test
    fun aGivenBufferIsTakenOnceAndOnlyWithinTheAskedSizes() {
        val pool = BufferPool()
        val buffer = ByteArray(8 * 1024)
        pool.give(buffer)
        assertNull(pool.take(16 * 1024, 32 * 1024), "too small for the need")
        assertNull(pool.take(1024, 4 * 1024), "bigger than the caller may hold")
        assertSame(buffer, pool.take(4 * 1024, 8 * 1024))
        assertNull(pool.take(4 * 1024, 8 * 1024), "taken already")
    }

    @Test
    fun smallHugeAndSurplusBuffersAreNotKept() {
        val pool = BufferPool()
        pool.give(ByteArray(1024))
        pool.give(ByteArray(BufferPool.MAX_BYTES + 1))
        assertNull(pool.take(1, Int.MAX_VALUE))
        val kept = List(BufferPool.SLOTS + 2) { ByteArray(8 * 1024) }
        kept.forEach(pool::give)
        val taken = List(BufferPool.SLOTS + 2) { pool.take(1, Int.MAX_VALUE) }.filterNotNull()
        assertEquals(BufferPool.SLOTS, taken.size)
        assertEquals(BufferPool.SLOTS, taken.map { System.identityHashCode(it) }.toSet().size)
    }

    /**
     * Streams of large events (split across reads, so both the line and the event buffer grow and
     * go back to the shared pools) decoded on four threads at once: every event arrives intact,
     * which fails if a buffer were ever owned by two decoders.
     */
    @Test
    fun decodersSharingThePoolsAcrossThreadsNeverMixTheirData() {
        val threads = Executors.newFixedThreadPool(4)
        try {
            val results = (0 until 4).map { worker ->
                threads.submit<Int> {
                    var checked = 0
                    repeat(40) { stream ->
                        val size = 5_000 + (worker * 40 + stream) * 997 % 60_000
                        val events = List(3) { e -> "${worker.toString().repeat(size)}-$stream-$e" }
                        val wire = events.joinToString("") { "data: $it\n\n" }.toByteArray()
                        val seen = ArrayList<String>()
                        val views = ArrayList<String>()
                        val decoder = SseDecoder({ seen += it.data })
                        val viewDecoder = SseViewDecoder({ v -> views += v.dataToString() })
                        var at = 0
                        while (at < wire.size) {
                            val n = minOf(1_500 + stream * 37, wire.size - at)
                            decoder.feed(wire, at, n)
                            viewDecoder.feed(wire, at, n)
                            at += n
                        }
                        decoder.end()
                        viewDecoder.end()
                        check(seen == events) { "worker $worker stream $stream: string events differ" }
                        check(views == events) { "worker $worker stream $stream: view events differ" }
                        checked += events.size
                    }
                    checked
                }
            }
            assertEquals(4 * 40 * 3, results.sumOf { it.get(60, TimeUnit.SECONDS) })
        } finally {
            threads.shutdownNow()
            assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS))
        }
    }

    /**
     * A data line's buffer becomes its event's and the event's old buffer goes to the scanner, so
     * both kinds must come back to one pool: a second stream of 64 KiB events then takes both
     * grown buffers instead of regrowing one from 256 bytes (about 256 KB per stream).
     */
    @Test
    fun aSecondStreamOfLargeEventsGrowsNoBuffer() {
        while (BufferPool.SHARED.take(1, Int.MAX_VALUE) != null) {
            // empties the pool, whatever earlier tests left in it
        }
        val wire = (0 until 20).joinToString("") { "data: ${"z".repeat(64 * 1024 - 10)}$it\n\n" }.toByteArray()
        val reads = (0 until wire.size step 8192).map { wire.copyOfRange(it, minOf(wire.size, it + 8192)) }
        var bytes = 0L
        fun stream() {
            val decoder = SseViewDecoder({ v -> bytes += v.dataLength })
            reads.forEach { decoder.feed(it) }
            decoder.end()
        }
        stream()
        val threads = java.lang.management.ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean
        val before = threads.getThreadAllocatedBytes(Thread.currentThread().id)
        stream()
        val allocated = threads.getThreadAllocatedBytes(Thread.currentThread().id) - before
        assertEquals(2L * (20 * (64 * 1024 - 10) + 30), bytes, "every event decoded, twice")
        assertTrue(allocated < 32 * 1024, "the second stream allocated $allocated bytes")
    }
}
