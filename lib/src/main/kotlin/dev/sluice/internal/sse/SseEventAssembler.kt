package dev.sluice.internal.sse

import dev.sluice.LimitExceededException
import dev.sluice.internal.text.BufferPool
import dev.sluice.internal.text.BufferTakingLineSink
import dev.sluice.internal.text.Utf8

/**
 * Lines to events, per the WHATWG HTML Living Standard section 9.2.6 "Interpreting an event
 * stream". Field names are compared as bytes; `data` values are kept as bytes and handed to the
 * [target] once per event, at dispatch (which decodes them, or not); other values are decoded once
 * per field. The data buffer keeps its capacity across events up to [RETAIN_BYTES], so a stream of
 * large events does not regrow it for each. An event's first data line of 4 KiB or more, when the
 * scanner had to assemble it across reads, is not copied: its buffer becomes the data buffer and
 * the scanner gets the old one ([onAssembledLine]). An event whose data is one line wholly inside
 * the array being fed is not copied either, when the [target] takes such arrays: its data stays in
 * that array ([lent]) until the event is dispatched, and is copied into the data buffer only if
 * another data line joins it or the feed ends first. Not thread-safe.
 */
internal class SseEventAssembler(
    private val target: SseDispatchTarget,
    private val maxEventBytes: Int,
    initialLastEventId: String?,
) : BufferTakingLineSink {
    /** The data buffer: `data[dataOff, dataOff + dataLen)` holds the values so far, joined by LF. */
    private var data = ByteArray(minOf(INITIAL_CAPACITY, maxEventBytes))
    private var dataOff = 0
    private var dataLen = 0

    /**
     * The event's only data value so far, still in the array being fed: `lent[lentOff, lentOff +
     * dataLen)`; [data] holds nothing meanwhile. `null` when the data is in [data].
     */
    private var lent: ByteArray? = null
    private var lentOff = 0
    private val mayLend = target.takesFedArrays

    /** Whether the event has a data field yet (`data:` with an empty value counts). */
    private var hasData = false

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

    override fun onLine(buf: ByteArray, off: Int, len: Int, startOffset: Long) = line(buf, off, len, startOffset, fedArray = true)

    /** One line; [fedArray] when [buf] is the array being fed, not the scanner's own buffer. */
    private fun line(buf: ByteArray, off: Int, len: Int, startOffset: Long, fedArray: Boolean) {
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
            4 -> if (matches(buf, off, DATA)) {
                appendData(buf, valueStart, valueLen, startOffset + (valueStart - off), fedArray)
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

    override fun onAssembledLine(buf: ByteArray, len: Int, startOffset: Long): ByteArray {
        val valueStart = if (hasData || len < KEEP_MIN_BYTES) -1 else dataValueStart(buf, len)
        if (valueStart < 0) {
            line(buf, 0, len, startOffset, fedArray = false)
            return buf
        }
        // The event's first data value: keep the scanner's buffer, give it the (empty) old one.
        if (eventStart < 0) eventStart = startOffset
        checkLimit(len - valueStart, startOffset + valueStart)
        val spare = data
        data = buf
        dataOff = valueStart
        dataLen = len - valueStart
        hasData = true
        return spare
    }

    /** Where the value of a `data` line starts, or -1 for any other line. */
    private fun dataValueStart(buf: ByteArray, len: Int): Int {
        if (len < 4 || !matches(buf, 0, DATA)) return -1
        if (len == 4) return 4
        if (buf[4] != COLON) return -1
        return if (len > 5 && buf[5] == SPACE) 6 else 5
    }

    /** Fails when a value of [len] bytes would take the data as dispatched past the limit. */
    private fun checkLimit(len: Int, valueOffset: Long) {
        val room = maxEventBytes.toLong() - dataLen - (if (hasData) 1 else 0)
        if (len > room) {
            throw LimitExceededException("maxEventBytes", maxEventBytes, valueOffset + maxOf(0L, room), "event data")
        }
    }

    override fun onFeedEnd() = keepLent()

    private fun appendData(buf: ByteArray, off: Int, len: Int, valueOffset: Long, fedArray: Boolean) {
        checkLimit(len, valueOffset)
        if (!hasData && fedArray && mayLend) {
            lent = buf
            lentOff = off
            dataLen = len
            hasData = true
            return
        }
        keepLent()
        val separator = if (hasData) 1 else 0
        val need = dataLen + separator + len
        if (dataOff.toLong() + need > data.size) {
            data = BufferPool.SHARED.grow(data, dataLen, need, maxEventBytes.toLong(), from = dataOff)
            dataOff = 0
        }
        var at = dataOff + dataLen
        if (hasData) data[at++] = LF
        System.arraycopy(buf, off, data, at, len)
        dataLen = need
        hasData = true
    }

    /** Copies the lent value, if any, into [data]: the fed array goes back to its caller, or a second value joins it. */
    private fun keepLent() {
        val source = lent ?: return
        lent = null
        if (dataLen > data.size) data = BufferPool.SHARED.grow(data, 0, dataLen, maxEventBytes.toLong())
        System.arraycopy(source, lentOff, data, 0, dataLen)
        dataOff = 0
    }

    /**
     * Gives a grown data buffer to the next stream's assembler ([BufferPool]); only after the
     * stream ended and the last event was dispatched (its data is handed over as a view).
     */
    fun recycle() {
        val buffer = data
        data = ByteArray(0)
        lent = null
        dataOff = 0
        dataLen = 0
        hasData = false
        BufferPool.SHARED.give(buffer)
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
        if (hasData) dispatch()
    }

    private fun dispatch() {
        lastEventId = idBuffer
        if (!hasData) {
            eventType = null
            return
        }
        val type = eventType ?: MESSAGE
        val fed = lent
        val bytes = fed ?: data
        val from = if (fed != null) lentOff else dataOff
        val length = dataLen
        lent = null
        dataOff = 0
        dataLen = 0
        hasData = false
        eventType = null
        if (data.size > RETAIN_BYTES) data = ByteArray(INITIAL_CAPACITY)
        target.dispatch(bytes, from, length, type, lastEventId, eventStart)
    }

    private companion object {
        const val MESSAGE = "message"
        const val COLON: Byte = 0x3A
        const val SPACE: Byte = 0x20
        const val LF: Byte = 0x0A
        const val NUL: Byte = 0x00
        const val INITIAL_CAPACITY = 256

        /**
         * Shorter assembled lines are copied, as whole ones are: keeping them would save little and
         * move events between buffers, which costs a zero-copy view a new ByteBuffer each time.
         */
        const val KEEP_MIN_BYTES = 4096
        /** Capacity kept between events; a larger buffer is dropped after its event. */
        const val RETAIN_BYTES = 1024 * 1024
        val DATA = "data".toByteArray()
        val EVENT = "event".toByteArray()
        val RETRY = "retry".toByteArray()

        fun matches(buf: ByteArray, off: Int, name: ByteArray): Boolean {
            for (k in name.indices) if (buf[off + k] != name[k]) return false
            return true
        }
    }
}
