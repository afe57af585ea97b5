package dev.sluice.samples.relay

import dev.sluice.llm.LlmClient
import dev.sluice.llm.LlmSseEncoder
import dev.sluice.llm.LlmStreamDecoder
import dev.sluice.llm.decodeLlmBody
import dev.sluice.llm.request.ChatRequest
import dev.sluice.llm.request.Provider
import dev.sluice.llm.toSse
import dev.sluice.sse.SseEvent
import dev.sluice.sse.encodeSse
import dev.sluice.sse.withKeepAlive
import dev.sluice.sse.writeSse
import io.ktor.http.ContentType
import io.ktor.http.HttpHeaders
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.ApplicationCall
import io.ktor.server.request.receiveText
import io.ktor.server.response.header
import io.ktor.server.response.respond
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.server.routing.Routing
import io.ktor.server.routing.get
import io.ktor.server.routing.post
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.catch
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlin.time.Duration

/** The relay's endpoints (see [LlmRelay]). */
internal class RelayRoutes(
    private val upstream: LlmClient,
    private val model: String,
    private val keepAlive: Duration,
    private val browserStreams: BrowserStreams,
    private val cutAfter: Int?,
) {
    fun install(routing: Routing) = with(routing) {
        post("/v1/chat/completions") { api(call, Provider.OPENAI_CHAT) { RelayRequests.openAi(it) } }
        post("/v1/messages") { api(call, Provider.ANTHROPIC) { RelayRequests.anthropic(it) } }
        get("/stream") { browserStream(call) }
        get("/") { call.respondText(RELAY_PAGE, ContentType.Text.Html) }
    }

    /** An API call in [format]: relayed as that format's SSE, or answered whole without `stream`. */
    private suspend fun api(call: ApplicationCall, format: Provider, parse: (String) -> RelayCall) {
        val relayCall = try {
            parse(call.receiveText())
        } catch (e: BadRelayRequest) {
            call.respondText(badRequestJson(format, e.message ?: "invalid request"), ContentType.Application.Json, HttpStatusCode.BadRequest)
            return
        }
        if (relayCall.stream) {
            // toSse sends an upstream error as the format's error event, then rethrows: the response then ends normally.
            respondSse(call, upstream.events(relayCall.request).toSse(format).catch { })
        } else {
            respondWhole(call, format, relayCall.request)
        }
    }

    /**
     * The whole answer as [format]'s non-streaming object: the upstream stream, whatever its provider,
     * is encoded as [format]'s SSE and decoded back, so the result is that format's own JSON.
     */
    private suspend fun respondWhole(call: ApplicationCall, format: Provider, request: ChatRequest) {
        val decoder = LlmStreamDecoder(format)
        try {
            upstream.events(request).toSse(format).encodeSse()
                .map { buffer -> ByteArray(buffer.remaining()).also { buffer.get(it) } }
                .decodeLlmBody(decoder)
                .collect()
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            val error = LlmSseEncoder.forProvider(format).encodeError(e).first { it.isEvent }.data!!
            call.respondText(error, ContentType.Application.Json, HttpStatusCode.BadGateway)
            return
        }
        call.respondText(decoder.snapshot().toProviderJson(), ContentType.Application.Json)
    }

    /** `GET /stream?prompt=...`, or a reconnect with `Last-Event-ID` (header, or `lastEventId` in the query). */
    private suspend fun browserStream(call: ApplicationCall) {
        val lastEventId = call.request.headers["Last-Event-ID"] ?: call.request.queryParameters["lastEventId"]
        if (lastEventId != null) {
            val resumed = browserStreams.resume(lastEventId)
            if (resumed == null) {
                val message = """{"type":"resume_unavailable","message":"unknown or expired stream; start a new one"}"""
                respondSse(call, flowOf(SseEvent(message, "error")))
                return
            }
            val (stream, after) = resumed
            if (stream.isFinished && stream.lastNumber() <= after) {
                call.respond(HttpStatusCode.NoContent) // nothing after that event: tells EventSource to stop
                return
            }
            respondBrowserSse(call, stream.frames(after))
            return
        }
        val prompt = call.request.queryParameters["prompt"]
        if (prompt.isNullOrBlank()) {
            call.respondText("GET /stream needs ?prompt=...", ContentType.Text.Plain, HttpStatusCode.BadRequest)
            return
        }
        val stream = browserStreams.start(upstream.events(ChatRequest.builder().model(model).user(prompt).build()))
        if (stream == null) {
            call.respondText("too many streams; try again later", ContentType.Text.Plain, HttpStatusCode.ServiceUnavailable)
            return
        }
        respondBrowserSse(call, stream.frames(0))
    }

    /** A browser stream: a short reconnection time first, so a dropped connection resumes quickly. */
    private suspend fun respondBrowserSse(call: ApplicationCall, frames: Flow<SseEvent>) {
        val limited = if (cutAfter == null) frames else frames.take(cutAfter)
        respondSse(call, flow { emit(RECONNECT); emitAll(limited) })
    }

    /** Writes [frames] with the headers proxies need and keep-alive comments; a write that fails (client gone) cancels [frames]. */
    private suspend fun respondSse(call: ApplicationCall, frames: Flow<SseEvent>) {
        call.response.header(HttpHeaders.CacheControl, "no-cache")
        call.response.header("X-Accel-Buffering", "no")
        call.respondBytesWriter(ContentType.Text.EventStream) {
            writeSse(frames.withKeepAlive(keepAlive))
        }
    }

    private companion object {
        val RECONNECT: SseEvent = SseEvent.builder().retry(java.time.Duration.ofSeconds(1)).build()
    }

    private fun badRequestJson(format: Provider, message: String): String {
        val quoted = kotlinx.serialization.json.JsonPrimitive(message).toString()
        return if (format == Provider.ANTHROPIC) {
            """{"type":"error","error":{"type":"invalid_request_error","message":$quoted}}"""
        } else {
            """{"error":{"message":$quoted,"type":"invalid_request_error","param":null,"code":null}}"""
        }
    }
}
