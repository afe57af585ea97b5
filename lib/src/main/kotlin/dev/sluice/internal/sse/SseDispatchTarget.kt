package dev.sluice.internal.sse

import dev.sluice.internal.text.Utf8
import dev.sluice.sse.ServerSentEvent
import dev.sluice.sse.SseEventSink

/** Where an [SseEventAssembler] hands each dispatched event, synchronously. */
internal interface SseDispatchTarget {
    /**
     * One event: its data is `data[from, from + length)` (UTF-8, lines joined with LF), valid only
     * during the call; [offset] is the stream offset of the event's first line.
     */
    fun dispatch(data: ByteArray, from: Int, length: Int, type: String, id: String?, offset: Long)

    /**
     * Whether an event whose data is one line inside the array being fed may be dispatched from
     * that array, at any offset, without a copy; a byte-view target says no, since a view per
     * array and start would cost it an object per event.
     */
    val takesFedArrays: Boolean get() = false
}

/** Decodes each event's data to a String and passes a [ServerSentEvent] to [sink]. */
internal class StringDispatch(private val sink: SseEventSink) : SseDispatchTarget {
    override val takesFedArrays: Boolean get() = true

    override fun dispatch(data: ByteArray, from: Int, length: Int, type: String, id: String?, offset: Long) {
        val event = ServerSentEvent(type, Utf8.decode(data, from, length), id)
        event.offset = offset
        sink.onEvent(event)
    }
}
