package dev.sluice.internal.sse

import dev.sluice.LimitExceededException
import dev.sluice.internal.text.BufferPool
import dev.sluice.internal.text.LineSink
import dev.sluice.internal.text.Utf8

/**
 * Lines to events, per the WHATWG HTML Living Standard section 9.2.6 "Interpreting an event
 * stream". Field names are compared as bytes; `data` values are kept as bytes and handed to the
 * [target] once per event, at dispatch (which decodes them, or not); other values are decoded once
 * per field. The data buffer keeps its capacity across events up to [RETAIN_BYTES], so a stream of
 * large events does not regrow it for each. Not thread-safe.
 */
internal class SseEventAssembler(
    private val target: SseDispatchTarget,
    private val maxEventBytes: Int,
    initialLastEventId: String?,
) : LineSink {
    /** The data buffer as bytes: every value followed by LF (the final LF is dropped at dispatch). */
    private var data = ByteArray(minOf(INITIAL_CAPACITY.toLong(), maxEventBytes + 1L).toInt())
    private var dataLen = 0

    /** The event type buffer; `null` when empty. */
    private var eventType: String? = null
    private var typeCacheBytes = ByteArray(0)
    private var typeCache: String = MESSAGE

    /** The last event ID buffer (set by `id` fields; committed at dispatch). */
    private var idBuffer: String? = initialLastEventId

    /** The last event ID string: what a reconnect sends as `Last-Event-ID`. */
    var lastEventId: String? = initialLastEventId
        private set

    /** The reconnection time the stream set, or -1. */
    var retryMillis: Long = -1
        private set

    /** The offset of the current event's first line; -1 before it. */
    private var eventStart = -1L

    override fun onLine(buf: ByteArray, off: Int, len: Int, startOffset: Long) {
        if (len == 0) {
            dispatch()
            eventStart = -1
            return
        }
        if (buf[off] == COLON) return
        if (eventStart < 0) eventStart = startOffset
        val end = off + len
        var colon = off
        while (colon < end && buf[colon] != COLON) colon++
        val nameLen = colon - off
        var valueStart = if (colon < end) colon + 1 else end
        if (valueStart < end && buf[valueStart] == SPACE) valueStart++
        val valueLen = end - valueStart
        when (nameLen) {
            4 -> if (buf[off] == 'd'.code.toByte() && buf[off + 1] == 'a'.code.toByte() &&
                buf[off + 2] == 't'.code.toByte() && buf[off + 3] == 'a'.code.toByte()
            ) {
                appendData(buf, valueStart, valueLen, startOffset + (valueStart - off))
            }
            5 -> if (matches(buf, off, EVENT)) {
                eventType = if (valueLen == 0) null else decodeType(buf, valueStart, valueLen)
            } else if (matches(buf, off, RETRY)) {
                setRetry(buf, valueStart, valueLen)
            }
            2 -> if (buf[off] == 'i'.code.toByte() && buf[off + 1] == 'd'.code.toByte()) {
                setId(buf, valueStart, valueLen)
            }
        }
    }

    private fun appendData(buf: ByteArray, off: Int, len: Int, valueOffset: Long) {
        // The data as dispatched would be the current buffer (with its LFs) plus this value.
        if (len > maxEventBytes - dataLen) {
            val inValue = maxOf(0, maxEventBytes - dataLen)
            throw LimitExceededException("maxEventBytes", maxEventBytes, valueOffset + inValue, "event data")
        }
        val need = dataLen + len + 1
        if (need > data.size) data = BufferPool.EVENTS.grow(data, dataLen, need, maxEventBytes + 1L)
        System.arraycopy(buf, off, data, dataLen, len)
        data[dataLen + len] = LF
        dataLen = need
    }

    /**
     * Gives a grown data buffer to the next stream's assembler ([BufferPool]); only after the
     * stream ended and the last event was dispatched (its data is handed over as a view).
     */
    fun recycle() {
        val buffer = data
        data = ByteArray(0)
        dataLen = 0
        BufferPool.EVENTS.give(buffer)
    }

    private fun setId(buf: ByteArray, off: Int, len: Int) {
        for (k in off until off + len) if (buf[k] == NUL) return
        idBuffer = Utf8.decode(buf, off, len)
    }

    private fun setRetry(buf: ByteArray, off: Int, len: Int) {
        if (len == 0) return
        var value = 0L
        for (k in off until off + len) {
            val d = buf[k] - '0'.code.toByte()
            if (d < 0 || d > 9) return
            value = if (value > (Long.MAX_VALUE - d) / 10) Long.MAX_VALUE else value * 10 + d
        }
        retryMillis = value
    }

    /** Event types repeat (LLM streams name every event): reuse the last decoded one. */
    private fun decodeType(buf: ByteArray, off: Int, len: Int): String {
        val cached = typeCacheBytes
        if (cached.size == len) {
            var k = 0
            while (k < len && cached[k] == buf[off + k]) k++
            if (k == len) return typeCache
        }
        val type = Utf8.decode(buf, off, len)
        typeCacheBytes = buf.copyOfRange(off, off + len)
        typeCache = type
        return type
    }

    /** Dispatches an event whose blank line never came (end of input), if it has data. */
    fun dispatchPending() {
        if (dataLen > 0) dispatch()
    }

    private fun dispatch() {
        lastEventId = idBuffer
        if (dataLen == 0) {
            eventType = null
            return
        }
        val type = eventType ?: MESSAGE
        val length = dataLen - 1
        val bytes = data
        dataLen = 0
        eventType = null
        if (bytes.size > RETAIN_BYTES) data = ByteArray(INITIAL_CAPACITY)
        target.dispatch(bytes, length, type, lastEventId, eventStart)
    }

    private companion object {
        const val MESSAGE = "message"
        const val COLON: Byte = 0x3A
        const val SPACE: Byte = 0x20
        const val LF: Byte = 0x0A
        const val NUL: Byte = 0x00
        const val INITIAL_CAPACITY = 256
        /** Capacity kept between events; a larger buffer is dropped after its event. */
        const val RETAIN_BYTES = 1024 * 1024
        val EVENT = "event".toByteArray()
        val RETRY = "retry".toByteArray()

        fun matches(buf: ByteArray, off: Int, name: ByteArray): Boolean {
            for (k in name.indices) if (buf[off + k] != name[k]) return false
            return true
        }
    }
}
