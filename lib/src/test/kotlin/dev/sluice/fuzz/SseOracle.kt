package dev.sluice.fuzz

import dev.sluice.DecodeLimits
import dev.sluice.internal.text.Utf8
import dev.sluice.sse.ServerSentEvent

/**
 * What decoding a whole SSE stream must give, computed the slow and obvious way: the stream at
 * once, cut into lines, each line interpreted per WHATWG HTML 9.2.6, with the documented limits
 * (a line longer than `maxLineBytes` fails at the first byte past it, even an unterminated last
 * line; an event whose joined data would pass `maxEventBytes` fails at the first byte past it).
 * Shares nothing with the decoder but the UTF-8 decoding (the exact WHATWG path).
 */
internal object SseOracle {
    class Expected(
        val events: List<ServerSentEvent>,
        /** The stream offset of each event's first field line. */
        val offsets: List<Long>,
        val lastEventId: String?,
        val retry: Long?,
        /** The limit that stops decoding (`"maxLineBytes"` or `"maxEventBytes"`), or `null`. */
        val limitName: String?,
        val limitOffset: Long,
    )

    fun decode(bytes: ByteArray, limits: DecodeLimits, initialId: String?, dispatchUnterminated: Boolean): Expected {
        val events = ArrayList<ServerSentEvent>()
        val offsets = ArrayList<Long>()
        var idBuffer = initialId
        var lastEventId = initialId
        var retry: Long? = null
        var type: String? = null
        val data = java.io.ByteArrayOutputStream()
        var dataLines = 0
        var eventStart = -1L

        fun dispatch() {
            lastEventId = idBuffer
            if (dataLines > 0) {
                val b = data.toByteArray()
                events += ServerSentEvent(type ?: "message", Utf8.decodeWhatwg(b, 0, b.size), lastEventId)
                offsets += eventStart
            }
            data.reset()
            dataLines = 0
            type = null
        }

        val start = if (bytes.size >= 3 && bytes[0] == 0xEF.toByte() && bytes[1] == 0xBB.toByte() && bytes[2] == 0xBF.toByte()) 3 else 0
        var lineStart = start
        var i = start
        while (true) {
            val terminated = i < bytes.size
            if (terminated && bytes[i] != CR && bytes[i] != LF) {
                i++
                continue
            }
            // A line is [lineStart, i); it ends at a line break, or unterminated at the end of input.
            val len = i - lineStart
            if (len > limits.maxLineBytes) {
                return Expected(events, offsets, lastEventId, retry, "maxLineBytes", lineStart.toLong() + limits.maxLineBytes)
            }
            if (!terminated && !dispatchUnterminated) break
            if (!terminated && len == 0) {
                // End of input right after a line break: a pending event counts when asked to.
                if (dataLines > 0) dispatch()
                break
            }
            if (len == 0) {
                dispatch()
                eventStart = -1
            } else if (bytes[lineStart] != COLON) {
                if (eventStart < 0) eventStart = lineStart.toLong()
                var colon = lineStart
                while (colon < i && bytes[colon] != COLON) colon++
                val name = String(bytes, lineStart, colon - lineStart, Charsets.ISO_8859_1)
                var valueStart = if (colon < i) colon + 1 else i
                if (valueStart < i && bytes[valueStart] == SPACE) valueStart++
                val valueLen = i - valueStart
                when (name) {
                    "data" -> {
                        // The joined data: the values so far, a LF between each two.
                        val joinedBefore = if (dataLines == 0) 0 else data.size() + 1
                        val joined = joinedBefore + valueLen.toLong()
                        if (joined > limits.maxEventBytes) {
                            val inValue = maxOf(0, limits.maxEventBytes - joinedBefore)
                            return Expected(events, offsets, lastEventId, retry, "maxEventBytes", valueStart.toLong() + inValue)
                        }
                        if (dataLines > 0) data.write(LF.toInt())
                        data.write(bytes, valueStart, valueLen)
                        dataLines++
                    }
                    "event" -> type = if (valueLen == 0) null else Utf8.decodeWhatwg(bytes, valueStart, valueLen)
                    "id" -> if ((valueStart until i).none { bytes[it] == 0.toByte() }) idBuffer = Utf8.decodeWhatwg(bytes, valueStart, valueLen)
                    "retry" -> if (valueLen > 0 && (valueStart until i).all { bytes[it] in '0'.code..'9'.code }) {
                        val digits = String(bytes, valueStart, valueLen, Charsets.ISO_8859_1)
                        retry = digits.toLongOrNull() ?: Long.MAX_VALUE
                    }
                }
            }
            if (!terminated) {
                if (dataLines > 0) dispatch()
                break
            }
            if (bytes[i] == CR && i + 1 < bytes.size && bytes[i + 1] == LF) i++
            i++
            lineStart = i
        }
        return Expected(events, offsets, lastEventId, retry, null, -1)
    }

    private const val CR: Byte = 0x0D
    private const val LF: Byte = 0x0A
    private const val COLON: Byte = 0x3A
    private const val SPACE: Byte = 0x20
}
