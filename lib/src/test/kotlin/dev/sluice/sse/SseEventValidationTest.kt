package dev.sluice.sse

import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import java.time.Duration
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.time.Duration.Companion.milliseconds

/** `event` and `id` are single-line fields: a line break would let the rest inject fields or events. */
class SseEventValidationTest {
    @ParameterizedTest
    @ValueSource(strings = ["a\nb", "a\rb", "a\r\nb", "a\u0000b"])
    fun lineBreaksAndNulInTheTypeAreRejectedWithFieldAndPosition(type: String) {
        val e = assertFailsWith<IllegalArgumentException> { SseEvent("data", type) }
        assertContains(e.message!!, "event type")
        assertContains(e.message!!, "at index 1")
    }

    @ParameterizedTest
    @ValueSource(strings = ["12\n", "12\r", "12\r\n", "12\u0000"])
    fun lineBreaksAndNulInTheIdAreRejectedWithFieldAndPosition(id: String) {
        val e = assertFailsWith<IllegalArgumentException> { SseEvent("data", null, id) }
        assertContains(e.message!!, "SSE id")
        assertContains(e.message!!, "at index 2")
    }

    @Test
    fun theMessageNamesTheCharacter() {
        assertContains(assertFailsWith<IllegalArgumentException> { SseEvent("d", "x\ny") }.message!!, "line feed (U+000A)")
        assertContains(assertFailsWith<IllegalArgumentException> { SseEvent("d", "x\ry") }.message!!, "carriage return (U+000D)")
        assertContains(assertFailsWith<IllegalArgumentException> { SseEvent("d", null, "\u0000") }.message!!, "NUL (U+0000)")
    }

    @Test
    fun theBuilderAndRelayCheckToo() {
        assertFailsWith<IllegalArgumentException> { SseEvent.builder().type("a\nb").build() }
        assertFailsWith<IllegalArgumentException> { SseEvent.builder().id("a\rb").build() }
        assertFailsWith<IllegalArgumentException> { SseEvent.from(ServerSentEvent("message", "x", "a\u0000")) }
    }

    @Test
    fun retryMustNotBeNegative() {
        assertFailsWith<IllegalArgumentException> { SseEvent.builder().retry(Duration.ofMillis(-1)) }
        assertFailsWith<IllegalArgumentException> { SseEvent.builder().retry((-1).milliseconds) }
        assertEquals(0L, SseEvent.builder().retry(Duration.ZERO).build().retryMillis)
        assertEquals(1500L, SseEvent.builder().retry(1500.milliseconds).build().retryMillis)
    }

    @Test
    fun dataAndCommentsMayHoldAnything() {
        val text = "a\r\nb\u0000\n\rc"
        assertEquals(text, SseEvent(text).data)
        assertEquals(text, SseEvent.comment(text).comment)
    }

    @Test
    fun framesCompareByTheirFields() {
        assertEquals(SseEvent("d", "t", "1"), SseEvent.builder().data("d").type("t").id("1").build())
        assertEquals(false, SseEvent.comment("x").isEvent)
        assertEquals(true, SseEvent("").isEvent)
    }
}
