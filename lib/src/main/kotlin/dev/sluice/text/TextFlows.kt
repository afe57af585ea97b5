@file:JvmName("TextFlows")

package dev.sluice.text

import dev.sluice.DecodeLimits
import dev.sluice.internal.text.Batch
import dev.sluice.internal.text.LineScanner
import dev.sluice.internal.text.LineSink
import dev.sluice.internal.text.Utf8
import dev.sluice.internal.text.Utf8StreamDecoder
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * Decodes UTF-8 split in any way into text chunks; a character split across chunks stays intact.
 * Invalid bytes become U+FFFD (as the WHATWG "UTF-8 decode"); a byte-order mark at the very start
 * is dropped. Empty chunks are not emitted.
 */
public fun Flow<ByteArray>.decodeUtf8(): Flow<String> {
    val source = this
    return flow {
        val decoder = Utf8StreamDecoder()
        source.collect { bytes ->
            val text = decoder.feed(bytes, 0, bytes.size)
            if (text.isNotEmpty()) emit(text)
        }
        val rest = decoder.end()
        if (rest.isNotEmpty()) emit(rest)
    }
}

/**
 * Splits a byte stream into lines (CR, LF or CRLF end a line), without their line breaks, decoded
 * as UTF-8 (see [decodeUtf8]). A last line without a line break is emitted too. A line longer than
 * [DecodeLimits.maxLineBytes] fails with [dev.sluice.LimitExceededException] after the lines
 * before it were emitted.
 */
@JvmOverloads
public fun Flow<ByteArray>.decodeLines(limits: DecodeLimits = DecodeLimits()): Flow<String> {
    val source = this
    return flow {
        val batch = Batch<String>()
        val scanner = LineScanner(
            object : LineSink {
                override fun onLine(buf: ByteArray, off: Int, len: Int, startOffset: Long) {
                    batch.add(Utf8.decode(buf, off, len))
                }
            },
            limits.maxLineBytes,
        )
        source.collect { bytes ->
            batch.decode { scanner.feed(bytes, 0, bytes.size) }
            batch.drain(this)
        }
        batch.decode { scanner.end(emitPartialLine = true) }
        batch.drain(this)
    }
}
