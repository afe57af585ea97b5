package dev.sluice.samples.decode

import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.io.ByteArrayOutputStream
import kotlin.test.assertEquals

@Timeout(10)
class ZeroCopySampleTest {
    @Test
    fun relayWritesEachEventsDataBytesUndecoded() {
        val input = "event: a\ndata: h\u00e9\ndata: llo\n\n: comment\n\ndata: {\"x\":1}\n\n".toByteArray()
        val out = ByteArrayOutputStream()
        ReadSseEvents.relayData(input, out)
        assertEquals("h\u00e9\nllo\n{\"x\":1}\n", out.toString(Charsets.UTF_8.name()))
    }
}
