package dev.sluice.sse

import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.io.ByteArrayOutputStream
import kotlin.random.Random
import kotlin.test.assertEquals

/**
 * Whatever the input, writing frames and decoding them with Sluice's own WHATWG decoder gives back
 * exactly the events written (data with CR and CRLF normalised to LF), no more and no fewer.
 */
@Timeout(60)
class SseWriterRoundTripTest {
    @Test
    fun randomFramesRoundTripThroughTheDecoder() {
        val random = Random(20260509)
        repeat(2_000) { round ->
            val frames = List(random.nextInt(1, 6)) { randomFrame(random) }
            val bytes = write(frames)
            val splits = List(random.nextInt(0, 4)) { random.nextInt(0, bytes.size + 1) }.sorted()
            val decoded = ArrayList<ServerSentEvent>()
            val decoder = SseDecoder({ decoded.add(it) })
            (listOf(0) + splits + bytes.size).zipWithNext { a, b -> decoder.feed(bytes, a, b - a) }
            decoder.end()
            val context = "round $round: $frames\nwire: " + String(bytes, Charsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n\n")
            assertEquals(expectedEvents(frames), decoded, context)
            assertEquals(frames.mapNotNull { it.id }.lastOrNull(), decoder.lastEventId, context)
            assertEquals(frames.mapNotNull { it.retryMillis }.lastOrNull(), decoder.retryMillis, context)
        }
    }

    @Test
    fun emptyDataStillDispatchesAnEvent() {
        assertEquals("data:\n\n", wire(SseEvent("")))
        assertEquals(listOf(ServerSentEvent("message", "", null)), decode(SseEvent("")))
    }

    @Test
    fun trailingLineBreaksInDataSurvive() {
        assertEquals("data: a\ndata:\n\n", wire(SseEvent("a\n")))
        assertEquals(listOf("a\n", "\n\n", "\n"), decode(SseEvent("a\n"), SseEvent("\n\n"), SseEvent("\r\n")).map { it.data })
    }

    @Test
    fun crAndCrlfInDataComeBackAsLf() {
        assertEquals("data: a\ndata: b\ndata: c\ndata: d\n\n", wire(SseEvent("a\rb\r\nc\nd")))
        assertEquals("a\nb\nc\nd", decode(SseEvent("a\rb\r\nc\nd")).single().data)
    }

    @Test
    fun dataThatLooksLikeFieldsStaysData() {
        val sneaky = "x\n\nevent: admin\nid: 666\ndata: injected\n\nretry: 1\n:comment"
        val events = decode(SseEvent(sneaky, "delta", "1"))
        assertEquals(listOf(ServerSentEvent("delta", sneaky, "1")), events)
    }

    @Test
    fun leadingSpacesAndColonsInValuesSurvive() {
        val event = SseEvent("  two spaces: and a colon", " spaced:type", " id:1")
        assertEquals("event:  spaced:type\nid:  id:1\ndata:   two spaces: and a colon\n\n", wire(event))
        assertEquals(listOf(ServerSentEvent(" spaced:type", "  two spaces: and a colon", " id:1")), decode(event))
    }

    @Test
    fun commentsAreSplitIntoCommentLinesAndDispatchNothing() {
        val frame = SseEvent.builder().comment("one\r\ntwo\n\ndata: not an event").build()
        assertEquals(": one\n: two\n:\n: data: not an event\n\n", wire(frame))
        assertEquals(emptyList(), decode(frame))
    }

    @Test
    fun aFrameWritesCommentTypeIdRetryAndDataInThatOrder() {
        val frame = SseEvent.builder().comment("c").type("t").id("9").retry(java.time.Duration.ofSeconds(3)).data("d").build()
        assertEquals(": c\nevent: t\nid: 9\nretry: 3000\ndata: d\n\n", wire(frame))
    }

    @Test
    fun emptyTypeIsTheDefaultTypeAndEmptyIdResetsTheLastId() {
        assertEquals(
            listOf(ServerSentEvent("message", "a", "5"), ServerSentEvent("message", "b", "")),
            decode(SseEvent("a", "", "5"), SseEvent("b", null, "")),
        )
    }

    @Test
    fun aRelayedEventIsWrittenAsDecoded() {
        val decoded = ServerSentEvent("delta", "line 1\nline 2", "7")
        assertEquals(listOf(decoded), decode(SseEvent.from(decoded)))
        assertEquals(SseEvent("x"), SseEvent.from(ServerSentEvent("message", "x", null)))
    }

    private fun wire(vararg frames: SseEvent): String = String(write(frames.toList()), Charsets.UTF_8)

    private fun decode(vararg frames: SseEvent): List<ServerSentEvent> {
        val out = ArrayList<ServerSentEvent>()
        val decoder = SseDecoder({ out.add(it) })
        decoder.feed(write(frames.toList()))
        decoder.end()
        return out
    }

    private fun write(frames: List<SseEvent>): ByteArray {
        val bytes = ByteArrayOutputStream()
        SseWriter(bytes).use { writer -> frames.forEach { writer.write(it) } }
        return bytes.toByteArray()
    }

    /** What a spec-compliant client dispatches for [frames]. */
    private fun expectedEvents(frames: List<SseEvent>): List<ServerSentEvent> {
        var lastId: String? = null
        val out = ArrayList<ServerSentEvent>()
        for (frame in frames) {
            if (frame.id != null) lastId = frame.id
            val data = frame.data ?: continue
            out += ServerSentEvent(frame.type?.takeIf { it.isNotEmpty() } ?: "message", normalise(data), lastId)
        }
        return out
    }

    private fun normalise(data: String): String = data.replace("\r\n", "\n").replace('\r', '\n')

    private fun randomFrame(random: Random): SseEvent {
        val builder = SseEvent.builder()
        if (random.nextInt(5) > 0) builder.data(randomText(random, lineBreaks = true))
        if (random.nextInt(3) == 0) builder.type(randomText(random, lineBreaks = false))
        if (random.nextInt(3) == 0) builder.id(randomText(random, lineBreaks = false))
        if (random.nextInt(6) == 0) builder.retry(java.time.Duration.ofMillis(random.nextLong(0, 100_000)))
        if (random.nextInt(6) == 0) builder.comment(randomText(random, lineBreaks = true))
        return builder.build()
    }

    /** Pieces that matter to the format, glued with random code points (any plane, no lone surrogates). */
    private fun randomText(random: Random, lineBreaks: Boolean): String {
        val pieces = if (lineBreaks) TRICKY + BREAKS else TRICKY
        val sb = StringBuilder()
        repeat(random.nextInt(0, 8)) {
            when (random.nextInt(3)) {
                0 -> sb.append(pieces[random.nextInt(pieces.size)])
                else -> sb.appendCodePoint(randomCodePoint(random, lineBreaks))
            }
        }
        return sb.toString()
    }

    private fun randomCodePoint(random: Random, lineBreaks: Boolean): Int {
        while (true) {
            val cp = when (random.nextInt(4)) {
                0 -> random.nextInt(0, 0x80)
                1 -> random.nextInt(0x80, 0x800)
                2 -> random.nextInt(0x800, 0x10000)
                else -> random.nextInt(0x10000, 0x110000)
            }
            if (cp in 0xD800..0xDFFF) continue
            if (!lineBreaks && (cp == '\r'.code || cp == '\n'.code || cp == 0)) continue
            return cp
        }
    }

    private companion object {
        val TRICKY = listOf(
            " ", "  ", ":", ": ", "data:", "data: x", "event:", "event: evil", "id:", "id: 1", "retry:", "retry: 1",
            "\uFEFF", "é", "中", "\uD83D\uDE00", "\uFFFD", "\t", "message", "[DONE]",
        )
        val BREAKS = listOf("\r", "\n", "\r\n", "\n\n", "\r\r", "\n\r", "\u0000", "\ndata: injected\n\n", "\r\nevent: x\r\n\r\n")
    }
}
