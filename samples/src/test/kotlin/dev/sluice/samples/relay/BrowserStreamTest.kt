package dev.sluice.samples.relay

import dev.sluice.llm.LlmClient
import dev.sluice.llm.request.Provider
import dev.sluice.sse.ServerSentEvent
import dev.sluice.testkit.Fault
import dev.sluice.testkit.FakeLlmServer
import dev.sluice.testkit.ScriptBuilder
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.net.URLEncoder
import java.time.Duration
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** `GET /stream`: ids, `Last-Event-ID` resume, errors, and cancellation when the browser is gone. */
@Timeout(30)
class BrowserStreamTest {
    private val fake = FakeLlmServer().start()
    private val llm = LlmClient(Provider.OPENAI_CHAT, fake.openAiBaseUrl, "k")
    private val relay = LlmRelay(llm, "m", keepAlive = 10.seconds, detachGrace = 300.milliseconds).start()
    private val streamUrl = "${relay.pageUrl}stream?prompt=" + URLEncoder.encode("hi there", "UTF-8")

    @AfterEach
    fun stop() {
        relay.close()
        llm.close()
        fake.close()
    }

    private fun text(events: List<ServerSentEvent>): String =
        events.filter { it.type == "delta" }.joinToString("") { Json.parseToJsonElement(it.data).jsonPrimitive.content }

    @Test
    fun everyEventHasAnIdAndTheDeltasCarryEveryCharacterIncludingCr() {
        val reply = "line one\r\nline two\rdata: not a field\n\nid: 9\n🙂 end"
        val codePoints = reply.codePoints().toArray().map { String(Character.toChars(it)) }
        fake.enqueue(ScriptBuilder().tokens(codePoints.chunked(3) { it.joinToString("") }).usage(2, 5).build())
        val response = RelayHttp.get(streamUrl)
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").get().substringBefore(';'))
        assertEquals("no-cache", response.headers().firstValue("Cache-Control").get())
        assertEquals("no", response.headers().firstValue("X-Accel-Buffering").get())
        val events = decodeEvents(response.body())
        assertEquals(reply, text(events))
        assertEquals("done", events.last().type)
        val prefix = events.first().id!!.substringBeforeLast('-')
        assertEquals(events.indices.map { "$prefix-${it + 1}" }, events.map { it.id })
    }

    @Test
    fun aReconnectWithLastEventIdResumesAfterThatEventInsteadOfStartingOver() {
        val tokens = List(40) { "w$it " }
        fake.enqueue(ScriptBuilder().tokens(tokens).tokenDelay(Duration.ofMillis(10)).build())
        val first = RelayHttp.getStream(streamUrl).use { reader -> List(3) { reader.next()!! } }
        val resumed = RelayHttp.getStream(streamUrl, lastEventId = first.last().id).use { it.rest() }
        assertEquals(tokens.joinToString(""), text(first + resumed))
        assertEquals("done", resumed.last().type)
        assertEquals(1, fake.requestCount(), "resuming must not ask the model again")
        val prefix = first.first().id!!.substringBeforeLast('-')
        assertEquals((4..(3 + resumed.size)).map { "$prefix-$it" }, resumed.map { it.id })

        // After the last event there is nothing to resume: 204 tells EventSource to stop reconnecting.
        assertEquals(204, RelayHttp.get(streamUrl, "Last-Event-ID", resumed.last().id!!).statusCode())
    }

    @Test
    fun anUnknownLastEventIdGetsAnErrorEventNotANewAnswer() {
        val events = decodeEvents(RelayHttp.get(streamUrl, "Last-Event-ID", "nosuchstream-4").body())
        assertEquals(listOf("error"), events.map { it.type })
        assertEquals("resume_unavailable", Json.parseToJsonElement(events.single().data).jsonObject["type"]!!.jsonPrimitive.content)
        assertNull(events.single().id)
        assertEquals(0, fake.requestCount())
    }

    @Test
    fun anUpstreamErrorIsAnErrorEvent() {
        fake.enqueue(ScriptBuilder().text("one two three").fault(Fault.StreamError(1, "server_error", "upstream broke")).build())
        val events = decodeEvents(RelayHttp.get(streamUrl).body())
        assertEquals("error", events.last().type)
        assertTrue("upstream broke" in events.last().data, events.last().data)
        assertTrue(events.all { it.id != null })
    }

    @Test
    fun whenNoBrowserReadsTheStreamForTheGracePeriodTheUpstreamRequestIsCancelled() {
        // 2000 tokens 5 ms apart: the upstream would run for 10 s if nothing cancelled it.
        fake.enqueue(ScriptBuilder().tokens(List(2000) { "t$it " }).tokenDelay(Duration.ofMillis(5)).build())
        val first = RelayHttp.getStream(streamUrl).use { reader ->
            reader.next()!!.also { assertEquals(1, fake.activeStreams()) }
        }
        assertTrue(fake.awaitActiveStreams(0, Duration.ofSeconds(5)), "the upstream stream was not cancelled")
        // A late reconnect gets what was generated, then an error event saying the stream was cancelled.
        val late = RelayHttp.getStream(streamUrl, lastEventId = first.id).use { it.rest() }
        assertEquals("cancelled", Json.parseToJsonElement(late.last().data).jsonObject["type"]!!.jsonPrimitive.content)
    }

    @Test
    fun thePageReadsTheStreamWithEventSource() {
        val page = RelayHttp.get(relay.pageUrl)
        assertEquals("text/html", page.headers().firstValue("Content-Type").get().substringBefore(';'))
        assertTrue("new EventSource('/stream?prompt='" in page.body())
        assertEquals(400, RelayHttp.get("${relay.pageUrl}stream").statusCode())
    }
}
