package dev.sluice.internal.sse

import dev.sluice.DecodeLimits
import dev.sluice.LimitExceededException
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseDecoder
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import kotlin.random.Random
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertSame

/**
 * An event whose data is one line inside the array being fed is dispatched from that array, not
 * copied first; its data must survive the caller reusing the array once the feed returned, and a
 * second data line must join it, whether it comes in the same feed or a later one.
 */
@Timeout(30)
class SseLentDataTest {
    private fun decoder(events: MutableList<ServerSentEvent>, limits: DecodeLimits = DecodeLimits()) =
        SseDecoder({ events += it }, limits)

    /** Feeds [parts] through one reused array, as a socket reader does, overwriting it after each feed. */
    private fun SseDecoder.feedReusing(vararg parts: String) {
        val buffer = ByteArray(256)
        for (part in parts) {
            val bytes = part.toByteArray()
            bytes.copyInto(buffer)
            feed(buffer, 0, bytes.size)
            buffer.fill('#'.code.toByte())
        }
    }

    @Test
    fun aLineWholeInOneReadIsDispatchedFromTheFedArray() {
        val target = object : SseDispatchTarget {
            var array: ByteArray? = null
            var from = -1
            override val takesFedArrays: Boolean get() = true
            override fun dispatch(data: ByteArray, from: Int, length: Int, type: String, id: String?, offset: Long) {
                array = data
                this.from = from
            }
        }
        val fed = "event: x\ndata: hello\n\n".toByteArray()
        val framer = SseFramer(target, DecodeLimits(), null)
        framer.feed(fed, 0, fed.size)
        assertSame(fed, target.array, "the data was copied")
        assertEquals(15, target.from)
    }

    @Test
    fun anEventDispatchedInALaterFeedKeepsItsDataWhenTheArrayIsReused() {
        val events = ArrayList<ServerSentEvent>()
        decoder(events).feedReusing("data: hello\n", "\n", "data: again\n", "event: late\n\n")
        assertEquals(listOf("hello", "again"), events.map { it.data })
        assertEquals("late", events[1].type)
    }

    @Test
    fun aSecondDataLineJoinsTheLentOneInTheSameFeedOrALaterOne() {
        val events = ArrayList<ServerSentEvent>()
        decoder(events).feedReusing("data: a\ndata: b\n\ndata: c\n", "data: d\n", "data:\n\n", "data: e\n", "data: f\n\n")
        assertEquals(listOf("a\nb", "c\nd\n", "e\nf"), events.map { it.data })
    }

    @Test
    fun aLentValueCountsAgainstTheEventLimit() {
        val events = ArrayList<ServerSentEvent>()
        val decoder = decoder(events, DecodeLimits(maxEventBytes = 10))
        decoder.feedReusing("data: 12345\n")
        val failure = assertFailsWith<LimitExceededException> { decoder.feedReusing("data: 67890\n") }
        assertEquals("maxEventBytes", failure.limitName)
        assertEquals(emptyList(), events)
    }

    @Test
    fun randomSplitsOfAReusedArrayDecodeAsTheWholeStream() {
        val random = Random(11)
        repeat(300) {
            val stream = buildString {
                repeat(1 + random.nextInt(8)) { e ->
                    repeat(1 + random.nextInt(3)) { append("data: ").append("v$e-").append("x".repeat(random.nextInt(40))).append('\n') }
                    if (random.nextBoolean()) append("id: $e\n")
                    append('\n')
                }
            }
            val whole = ArrayList<ServerSentEvent>()
            decoder(whole).feed(stream.toByteArray())
            val split = ArrayList<ServerSentEvent>()
            val parts = ArrayList<String>()
            var i = 0
            while (i < stream.length) {
                val n = minOf(stream.length - i, 1 + random.nextInt(60))
                parts += stream.substring(i, i + n)
                i += n
            }
            decoder(split).feedReusing(*parts.toTypedArray())
            assertEquals(whole.map { it.data to it.id }, split.map { it.data to it.id }, "split as $parts")
        }
    }
}
