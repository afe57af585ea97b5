package dev.sluice.samples.relay

import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseDecoder
import java.io.InputStream
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration

/** A plain JDK HTTP client for the relay tests: no Sluice code between the test and the wire. */
internal object RelayHttp {
    private val client: HttpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()

    fun post(url: String, json: String): HttpResponse<String> = client.send(
        HttpRequest.newBuilder(URI(url)).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString(),
    )

    fun get(url: String, vararg headers: String): HttpResponse<String> = client.send(
        HttpRequest.newBuilder(URI(url)).timeout(Duration.ofSeconds(20)).apply { if (headers.isNotEmpty()) headers(*headers) }.GET().build(),
        HttpResponse.BodyHandlers.ofString(),
    )

    /** Opens a stream read event by event; closing it drops the connection. */
    fun open(request: HttpRequest.Builder): EventReader =
        EventReader(client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream()))

    fun postStream(url: String, json: String): EventReader =
        open(HttpRequest.newBuilder(URI(url)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)))

    fun getStream(url: String, lastEventId: String? = null): EventReader =
        open(HttpRequest.newBuilder(URI(url)).apply { if (lastEventId != null) header("Last-Event-ID", lastEventId) }.GET())
}

/** The events of one streamed response, decoded as they arrive; [raw] keeps every byte read. */
internal class EventReader(val response: HttpResponse<InputStream>) : AutoCloseable {
    private val events = ArrayDeque<ServerSentEvent>()
    private val decoder = SseDecoder({ events.addLast(it) })
    private val buffer = ByteArray(8192)
    private val rawBytes = java.io.ByteArrayOutputStream()
    private var ended = false

    val raw: String get() = rawBytes.toString(Charsets.UTF_8)

    /** The next event, or `null` at the end of the body. */
    fun next(): ServerSentEvent? {
        while (events.isEmpty() && !ended) {
            val n = response.body().read(buffer)
            if (n < 0) {
                decoder.end()
                ended = true
            } else {
                rawBytes.write(buffer, 0, n)
                decoder.feed(buffer, 0, n)
            }
        }
        return events.removeFirstOrNull()
    }

    /** Every remaining event, to the end of the body (bounded by the body's end and the request timeout). */
    fun rest(): List<ServerSentEvent> = generateSequence { next() }.toList()

    override fun close() {
        response.body().close()
    }
}
