package dev.sluice.internal.testkit

import kotlin.random.Random
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** The front door's view of a relayed response: headers seen, and body bytes counted with chunking taken off. */
class RelayedResponseTest {
    private val head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"

    private fun feed(response: RelayedResponse, text: String, random: Random) {
        val bytes = text.toByteArray(Charsets.UTF_8)
        var i = 0
        while (i < bytes.size) {
            val n = minOf(bytes.size - i, 1 + random.nextInt(7))
            response.append(bytes.copyOfRange(i, i + n), n)
            i += n
        }
    }

    @Test
    fun chunkedBodyBytesAreCountedWithoutFramingWhateverThePieces() {
        val frame = "data: {\"delta\":\" two\"}\n\n"
        repeat(50) { seed ->
            val random = Random(seed)
            val response = RelayedResponse()
            feed(response, head, random)
            assertTrue(response.hasHeaders)
            assertEquals(0, response.bodyBytes)
            val first = "data: one\n\n" + frame.substring(0, 9)
            val second = frame.substring(9)
            feed(response, "%x\r\n%s\r\n".format(first.length, first), random)
            assertEquals(first.length.toLong(), response.bodyBytes)
            feed(response, "%x;ext=1\r\n%s".format(second.length, second), random)
            assertEquals((first.length + second.length).toLong(), response.bodyBytes, "seed $seed")
            feed(response, "\r\n0\r\n\r\n", random)
            assertEquals((first.length + second.length).toLong(), response.bodyBytes, "the last chunk adds nothing")
        }
    }

    @Test
    fun headersAloneAreSeenAndARequestStartsOver() {
        val response = RelayedResponse()
        feed(response, head.dropLast(1), Random(1))
        assertFalse(response.hasHeaders)
        feed(response, "\n", Random(1))
        assertTrue(response.hasHeaders)
        feed(response, "5\r\nhello\r\n", Random(2))
        assertEquals(5, response.bodyBytes)
        response.reset()
        assertFalse(response.hasHeaders)
        assertEquals(0, response.bodyBytes)
    }

    @Test
    fun aBodyWithoutChunkingIsCountedAsIs() {
        val response = RelayedResponse()
        feed(response, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n3\r\nabc\r\nzz", Random(3))
        assertEquals(10, response.bodyBytes)
    }
}
