package dev.sluice.internal.testkit

import java.util.concurrent.ConcurrentHashMap

/**
 * The fake server's background responses (OpenAI Responses `background: true`): each one's whole
 * stream, rendered once when it was created, so that `GET /v1/responses/{id}?stream=true&starting_after=N`
 * replays exactly the events after sequence number N, and whether it was cancelled
 * (`POST /v1/responses/{id}/cancel`).
 */
internal class BackgroundResponses {
    class Stored(val id: String, val frames: List<RenderedFrame>, val finalResponse: String) {
        @Volatile
        var cancelled: Boolean = false
    }

    /** One frame as written, with its sequence number (`-1` when it has none). */
    class RenderedFrame(val kind: Frame.Kind, val text: String, val sequence: Long)

    private val stored = ConcurrentHashMap<String, Stored>()

    fun store(response: Stored) {
        stored[response.id] = response
    }

    operator fun get(id: String): Stored? = stored[id]

    fun cancelledIds(): List<String> = stored.values.filter { it.cancelled }.map { it.id }
}

/** Renders every frame now, in order (the sequence numbers count as they are rendered). */
internal fun renderAll(frames: List<Frame>): List<BackgroundResponses.RenderedFrame> = frames.map { frame ->
    val text = frame.render()
    val sequence = SEQUENCE.find(text)?.groupValues?.get(1)?.toLong() ?: -1
    BackgroundResponses.RenderedFrame(frame.kind, text, sequence)
}

/** The frames after sequence number [after], as frames to play again. */
internal fun List<BackgroundResponses.RenderedFrame>.after(after: Long): List<Frame> =
    filter { it.sequence > after }.map { rendered -> Frame(rendered.kind) { rendered.text } }

/** Paths of the Responses endpoints that address one stored response. */
internal val RESPONSE_PATH = Regex("/(?:v1/)?responses/([^/]+)")
internal val CANCEL_PATH = Regex("/(?:v1/)?responses/([^/]+)/cancel")

private val SEQUENCE = Regex("\"sequence_number\":(\\d+)")
