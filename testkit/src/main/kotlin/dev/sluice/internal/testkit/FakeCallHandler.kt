package dev.sluice.internal.testkit

import dev.sluice.testkit.Fault
import dev.sluice.testkit.RecordedRequest
import dev.sluice.testkit.ScriptBuilder
import dev.sluice.testkit.WireFormat
import dev.sluice.testkit.defaultReply
import dev.sluice.testkit.wordTokensOf
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.ApplicationCall
import io.ktor.server.request.httpMethod
import io.ktor.server.request.path
import io.ktor.server.request.receiveChannel
import io.ktor.server.response.header
import io.ktor.server.response.respondBytesWriter
import io.ktor.server.response.respondText
import io.ktor.util.cio.ChannelWriteException
import io.ktor.util.toMap
import io.ktor.utils.io.readBuffer
import kotlinx.coroutines.awaitCancellation
import kotlinx.io.readByteArray
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import java.io.IOException
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicLong
import kotlin.coroutines.cancellation.CancellationException

/** Answers every request the fake server receives: records it, picks a script, plays it. */
internal class FakeCallHandler(
    private val book: ScriptBook,
    private val counters: StreamCounters,
) {
    val recorded: MutableList<RecordedRequest> = CopyOnWriteArrayList()

    /** Set when the server is closing: streams it cancels are not client disconnects. */
    @Volatile
    var stopping: Boolean = false

    /** The relay in front of the engine, for faults that act on the client's socket. */
    @Volatile
    var frontDoor: FrontDoor? = null
    private val requestNumbers = AtomicLong()
    val background = BackgroundResponses()

    suspend fun handle(call: ApplicationCall) {
        val bodyBytes = call.receiveChannel().readBuffer().readByteArray()
        val method = call.request.httpMethod.value
        val path = call.request.path()
        val format = formatOf(method, path)
        val request = RecordedRequest(
            method = method,
            path = path,
            query = call.request.local.uri.substringAfter('?', ""),
            headers = call.request.headers.toMap(),
            body = String(bodyBytes, Charsets.UTF_8),
            format = format,
        )
        recorded += request
        val number = requestNumbers.incrementAndGet()
        val requestId = "req_fake_$number"
        call.response.header(if (format == WireFormat.ANTHROPIC) "request-id" else "x-request-id", requestId)
        if (format == null) {
            val message = "The fake LLM server has no endpoint $method $path; it serves POST /v1/chat/completions, " +
                "/v1/responses, /v1/messages, /api/chat and /v1beta/models/{model}:streamGenerateContent"
            respondJson(call, HttpStatusCode.NotFound, httpErrorBody(null, 404, "invalid_request_error", message, requestId))
            return
        }
        if (format == WireFormat.OPENAI_RESPONSES && request.path.trimEnd('/') !in setOf("/v1/responses", "/responses")) {
            storedResponse(call, request, requestId)
            return
        }
        val json = request.bodyJson()
        if (json == null) {
            val message = "The request body is not a JSON object (${bodyBytes.size} bytes)"
            respondJson(call, HttpStatusCode.BadRequest, httpErrorBody(format, 400, null, message, requestId))
            return
        }
        val script = book.select(request) ?: schemaReplyFor(json) ?: defaultReply(request.lastUserMessage() ?: "")
        val plan = ReplyPlan(
            script = script,
            number = number,
            model = script.model ?: request.model() ?: "sluice-fake",
            createdEpochSeconds = System.currentTimeMillis() / 1000,
            inputTokens = script.inputTokens ?: wordTokensOf(request.lastUserMessage() ?: "").size,
            outputTokens = script.outputTokens ?: script.deltaCount(),
            includeUsage = includeUsage(json),
        )
        val fault = script.fault
        if (fault is Fault.DropBeforeResponse) {
            frontDoor?.link(call.request.local.remotePort)?.dropClient()
            // A broken channel is the one failure Ktor answers with nothing (not even a 500).
            throw ChannelWriteException("connection dropped by the fake server's script before any response", DroppedOnPurpose())
        }
        if (fault is Fault.DelayHeaders) {
            val link = frontDoor?.link(call.request.local.remotePort)
            try {
                awaitUnlessClientLeaves(fault.duration.toMillis(), "delayed headers") { waitForClientToLeave(link) }
            } catch (e: IOException) {
                throw ChannelWriteException("the client left while the headers were delayed", e) // no response, as above
            }
        }
        if (fault is Fault.HttpError) {
            respondHttpError(call, format, fault, requestId)
            return
        }
        script.headers.forEach { (name, value) -> call.response.header(name, value) }
        val encoder = encoderFor(format, plan)
        if (request.isStream() && format == WireFormat.OPENAI_RESPONSES && isBackground(json)) {
            // Rendered once and kept, so a resumed stream replays exactly the events after its cursor.
            val frames = renderAll(encoder.frames())
            background.store(BackgroundResponses.Stored("resp_fake_$number", frames, encoder.finalBody().toString()))
            call.response.header("Cache-Control", "no-cache")
            stream(call, ContentType.parse(encoder.streamContentType), encoder, frames.after(-1), plan)
        } else if (request.isStream()) {
            call.response.header("Cache-Control", "no-cache")
            (fault as? Fault.Compressed)?.let { call.response.header("Content-Encoding", it.encoding) }
            stream(call, ContentType.parse(encoder.streamContentType), encoder, encoder.frames(), plan)
        } else {
            if (fault is Fault.StreamError) {
                respondHttpError(call, format, Fault.HttpError(500, fault.errorType, fault.message), requestId)
                return
            }
            val body = encoder.finalBody().toString()
            stream(call, ContentType.Application.Json, encoder, listOf(Frame(Frame.Kind.CLOSING) { body }), plan)
        }
    }

    private suspend fun stream(call: ApplicationCall, type: ContentType, encoder: WireEncoder, frames: List<Frame>, plan: ReplyPlan) {
        counters.started()
        var clientGone = false
        try {
            call.respondBytesWriter(contentType = type, status = HttpStatusCode.OK) {
                try {
                    val link = frontDoor?.link(call.request.local.remotePort)
                    playFrames(this, encoder, frames, plan, link) { waitForClientToLeave(link) }
                    if (plan.script.fault is Fault.Hang) throw IOException("the client left during a hang")
                } catch (e: IOException) {
                    // a write failed or the relay saw the close: the client's, unless the server is closing its links
                    clientGone = !stopping
                    throw e
                } catch (e: CancellationException) {
                    clientGone = !stopping // Ktor cancels the call when it sees the connection close
                    throw e
                }
            }
        } finally {
            counters.ended(clientGone)
        }
    }

    /** Until the client closes its connection (or, without a relay to tell, until the call is cancelled). */
    private suspend fun waitForClientToLeave(link: Link?) {
        if (link != null) link.awaitClientGone() else awaitCancellation()
    }

    private suspend fun respondHttpError(call: ApplicationCall, format: WireFormat, fault: Fault.HttpError, requestId: String) {
        val status = fault.status
        val headers = LinkedHashMap<String, String>()
        fault.retryAfter?.let { retryAfter ->
            headers["retry-after"] = ((retryAfter.toMillis() + 999) / 1000).toString()
            headers["retry-after-ms"] = retryAfter.toMillis().toString()
        }
        if (format == WireFormat.ANTHROPIC) headers["x-should-retry"] = (status == 429 || status >= 500).toString()
        for ((name, value) in fault.headers) {
            headers.keys.removeAll { it.equals(name, ignoreCase = true) }
            headers[name] = value
        }
        headers.forEach { (name, value) -> call.response.header(name, value) }
        respondJson(call, statusCode(status), httpErrorBody(format, status, fault.errorType, fault.message, requestId))
    }

    private suspend fun respondJson(call: ApplicationCall, status: HttpStatusCode, body: JsonObject) {
        call.respondText(body.toString(), ContentType.Application.Json, status)
    }

    /**
     * `GET /v1/responses/{id}?stream=true&starting_after=N` replays a background response's events
     * after N (without the first stream's fault); `POST /v1/responses/{id}/cancel` cancels it.
     */
    private suspend fun storedResponse(call: ApplicationCall, request: RecordedRequest, requestId: String) {
        val cancel = CANCEL_PATH.matchEntire(request.path.trimEnd('/'))
        val id = (cancel ?: RESPONSE_PATH.matchEntire(request.path.trimEnd('/')))?.groupValues?.get(1)
        val stored = id?.let { background[it] }
        if (stored == null) {
            val message = "No response with id '$id' (the fake server keeps background responses only)"
            respondJson(call, HttpStatusCode.NotFound, httpErrorBody(WireFormat.OPENAI_RESPONSES, 404, "invalid_request_error", message, requestId))
            return
        }
        if (cancel != null) {
            stored.cancelled = true
            val body = Json.parseToJsonElement(stored.finalResponse) as JsonObject
            respondJson(call, HttpStatusCode.OK, JsonObject(body + ("status" to JsonPrimitive("cancelled"))))
            return
        }
        val query = request.query.split('&').associate { it.substringBefore('=') to it.substringAfter('=', "") }
        if (query["stream"] != "true") {
            call.respondText(stored.finalResponse, ContentType.Application.Json, HttpStatusCode.OK)
            return
        }
        val after = query["starting_after"]?.toLongOrNull() ?: -1
        val plan = ReplyPlan(ScriptBuilder().build(), 0, "sluice-fake", 0, 0, 0, false)
        call.response.header("Cache-Control", "no-cache")
        stream(call, ContentType.parse("text/event-stream"), ResponsesEncoder(plan), stored.frames.after(after), plan)
    }

    private fun isBackground(json: JsonObject): Boolean = (json["background"] as? JsonPrimitive)?.booleanOrNull == true

    private fun includeUsage(json: JsonObject): Boolean {
        val options = json["stream_options"] as? JsonObject ?: return false
        return (options["include_usage"] as? JsonPrimitive)?.booleanOrNull == true
    }
}

internal fun formatOf(method: String, path: String): WireFormat? {
    val trimmed = path.trimEnd('/')
    if (method == "GET" && RESPONSE_PATH.matches(trimmed)) return WireFormat.OPENAI_RESPONSES
    if (method == "POST" && CANCEL_PATH.matches(trimmed)) return WireFormat.OPENAI_RESPONSES
    if (method != "POST") return null
    if (GEMINI_PATH.matches(path)) return WireFormat.GEMINI
    return when (path.trimEnd('/')) {
        "/v1/chat/completions", "/chat/completions" -> WireFormat.OPENAI_CHAT
        "/v1/responses", "/responses" -> WireFormat.OPENAI_RESPONSES
        "/v1/messages" -> WireFormat.ANTHROPIC
        "/api/chat" -> WireFormat.OLLAMA
        else -> null
    }
}

/** Gemini's endpoints: the model in the path, `:streamGenerateContent` or `:generateContent` (`:` maybe escaped). */
private val GEMINI_PATH = Regex("/v1beta/models/[^/]+(:|%3A|%3a)(streamGenerateContent|generateContent)")

private fun encoderFor(format: WireFormat, plan: ReplyPlan): WireEncoder = when (format) {
    WireFormat.OPENAI_CHAT -> ChatCompletionsEncoder(plan)
    WireFormat.OPENAI_RESPONSES -> ResponsesEncoder(plan)
    WireFormat.ANTHROPIC -> AnthropicEncoder(plan)
    WireFormat.OLLAMA -> OllamaEncoder(plan)
    WireFormat.GEMINI -> GeminiEncoder(plan)
}

private fun statusCode(status: Int): HttpStatusCode = when (status) {
    529 -> HttpStatusCode(529, "Overloaded")
    else -> HttpStatusCode.fromValue(status)
}
