package dev.sluice.sse

import dev.sluice.internal.text.Utf8
import java.nio.Buffer
import java.nio.ByteBuffer

/**
 * One dispatched event as an [SseViewDecoder] delivers it: the type and id as strings (decoded
 * once per field, reused while they repeat), the data as a read-only view of the decoder's own
 * bytes, with no String built and nothing allocated per event.
 *
 * **Lifetime**: the decoder passes the same object for every event and reuses its bytes.
 * Everything read from it is valid only during [SseEventViewSink.onEvent]: afterwards its methods
 * throw [IllegalStateException], and a [ByteBuffer] obtained from [data] may show the bytes of a
 * later event. Copy what you keep ([copyData], [dataToString], [toEvent]). Not thread-safe.
 */
public class SseEventView internal constructor() {
    private var bytes = ByteArray(0)
    private var start = 0
    private var length = 0
    private var valid = false

    // The read-only views handed out by data(), one per array and start the decoder uses (it
    // alternates between two for large events), made on first use and reused after.
    private var view: ByteBuffer = ByteBuffer.wrap(bytes).asReadOnlyBuffer()
    private var viewBytes = bytes
    private var viewStart = 0
    private var otherView: ByteBuffer = view
    private var otherBytes = bytes
    private var otherStart = 0
    private var eventType = "message"
    private var eventId: String? = null

    /** The event type; `"message"` when the stream set none. */
    public val type: String get() = checked { eventType }

    /** The last event ID at dispatch; `null` until an `id` field was accepted. */
    public val id: String? get() = checked { eventId }

    /** The size of the data in bytes (UTF-8, lines joined with `\n`). */
    public val dataLength: Int get() = checked { length }

    /**
     * The data bytes as a read-only buffer: position 0, limit [dataLength]. Each call rewinds and
     * returns the same buffer object, which stays tied to the decoder (see the lifetime rules).
     */
    public fun data(): ByteBuffer = checked {
        if (viewBytes !== bytes || viewStart != start) switchView()
        val buffer: Buffer = view
        buffer.clear()
        buffer.limit(length)
        view
    }

    private fun switchView() {
        val made = if (otherBytes === bytes && otherStart == start) {
            otherView
        } else {
            ByteBuffer.wrap(bytes, start, bytes.size - start).slice().asReadOnlyBuffer()
        }
        otherView = view
        otherBytes = viewBytes
        otherStart = viewStart
        view = made
        viewBytes = bytes
        viewStart = start
    }

    /** The byte at [index] of the data (0 until [dataLength]). */
    public fun dataByte(index: Int): Byte = checked {
        if (index < 0 || index >= length) throw IndexOutOfBoundsException("index $index, data length $length")
        bytes[start + index]
    }

    /** A copy of the data bytes, to keep beyond the call. */
    public fun copyData(): ByteArray = checked { bytes.copyOfRange(start, start + length) }

    /** The data decoded as UTF-8, exactly as [ServerSentEvent.data] of the String decoders. */
    public fun dataToString(): String = checked { Utf8.decode(bytes, start, length) }

    /** The event as a [ServerSentEvent] (decodes the data), to keep beyond the call. */
    public fun toEvent(): ServerSentEvent = checked { ServerSentEvent(eventType, Utf8.decode(bytes, start, length), eventId) }

    override fun toString(): String =
        if (valid) "SseEventView(type=$eventType, id=$eventId, dataLength=$length)" else "SseEventView(outside its event)"

    @JvmSynthetic
    internal fun open(data: ByteArray, from: Int, dataLength: Int, type: String, id: String?) {
        bytes = data
        start = from
        length = dataLength
        eventType = type
        eventId = id
        valid = true
    }

    @JvmSynthetic
    internal fun close() {
        valid = false
    }

    private inline fun <T> checked(read: () -> T): T {
        check(valid) { "an SseEventView is only valid during the onEvent call that received it; copy what you keep" }
        return read()
    }
}

/** Receives byte-view events from an [SseViewDecoder], synchronously, on the thread that feeds it. */
public fun interface SseEventViewSink {
    /** One event; [event] and its data are valid only during this call (see [SseEventView]). */
    public fun onEvent(event: SseEventView)
}
