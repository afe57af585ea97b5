package dev.sluice.internal.testkit

import dev.sluice.testkit.Fault
import io.ktor.utils.io.ByteWriteChannel
import io.ktor.utils.io.writeFully
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeoutOrNull
import java.io.IOException

/** Thrown inside a response writer to abort the connection on purpose ([Fault.DropConnection]). */
internal class DroppedOnPurpose : RuntimeException("connection dropped by the fake server's script") {
    override fun fillInStackTrace(): Throwable = this
}

/**
 * Writes [frames] to [channel], flushing each one, with the script's pacing: the time to
 * first token before the first delta, the token delay before each later one. A positional
 * fault acts at the first delta whose index reaches its `afterTokens`, or at the closing
 * frame if the script has fewer deltas. A [Fault.Hang] or [Fault.HoldOpenAfterEnd] returns once
 * [awaitClientGone] does, and the pacing's pauses, a [Fault.Stall] or a [Fault.Trickle] end early
 * (an [IOException]) when the client leaves: nothing keeps serving a reader that is gone. Faults that act on the
 * socket use [link].
 */
internal suspend fun playFrames(
    channel: ByteWriteChannel,
    encoder: WireEncoder,
    frames: List<Frame>,
    plan: ReplyPlan,
    link: Link?,
    awaitClientGone: suspend () -> Unit,
) {
    val script = plan.script
    val fault = script.fault
    if (fault is Fault.DropAfterHeaders) {
        channel.flush()
        settle(link, 0)
        throw DroppedOnPurpose()
    }
    val sink = FrameSink(channel, (fault as? Fault.Compressed)?.encoding, (fault as? Fault.Trickle)?.byteDelay?.toNanos(), link)
    var deltas = 0
    var faultDone = fault == null || afterTokens(fault) == null
    for (frame in frames) {
        if (!faultDone && frame.kind != Frame.Kind.PLAIN && (frame.kind == Frame.Kind.CLOSING || deltas >= afterTokens(fault!!)!!)) {
            faultDone = true
            if (!actOn(fault!!, sink, encoder, link, awaitClientGone)) return
        }
        if (frame.kind == Frame.Kind.DELTA) {
            val pause = if (deltas == 0) script.timeToFirstTokenMillis else script.tokenDelayMillis
            if (pause > 0) awaitUnlessClientLeaves(pause, "the script's pacing", awaitClientGone)
            deltas++
        }
        sink.write(frame.render().toByteArray(Charsets.UTF_8))
    }
    sink.finish()
    if (fault is Fault.HoldOpenAfterEnd) {
        awaitClientGone()
        throw IOException("the client left a stream held open after its end")
    }
}

/** Acts out a positional [fault]; `false` when the stream ends here. */
private suspend fun actOn(fault: Fault, sink: FrameSink, encoder: WireEncoder, link: Link?, awaitClientGone: suspend () -> Unit): Boolean {
    when (fault) {
        is Fault.Stall -> {
            sink.channel.flush()
            awaitUnlessClientLeaves(fault.duration.toMillis(), "a stall", awaitClientGone)
        }
        is Fault.Hang -> {
            sink.channel.flush()
            awaitClientGone()
            return false
        }
        is Fault.StreamError -> {
            for (text in encoder.errorFrames(fault.errorType, fault.message)) sink.write(text.toByteArray(Charsets.UTF_8))
            sink.finish()
            return false
        }
        is Fault.DropConnection -> {
            sink.channel.flush()
            // Ktor discards bytes still between this channel and the socket when the body fails:
            // the flushed frames must reach the socket before aborting.
            settle(link, sink.written)
            throw DroppedOnPurpose()
        }
        is Fault.MalformedChunk -> {
            sink.channel.flush()
            settle(link, sink.written)
            checkNotNull(link) { "Fault.MalformedChunk needs the fake server's front door" }
            link.injectAndClose("zz\r\n".toByteArray(Charsets.ISO_8859_1))
            throw DroppedOnPurpose()
        }
        is Fault.OversizedEvent -> sink.write(oversized(encoder, fault.bytes))
        is Fault.TruncatedUtf8 -> {
            val start = if (encoder.streamContentType == "application/x-ndjson") "{\"cut\":\"" else "data: {\"cut\":\""
            sink.write(start.toByteArray(Charsets.UTF_8) + byteArrayOf(0xE2.toByte(), 0x82.toByte()))
            sink.finish()
            return false
        }
        is Fault.EndWithoutTerminal -> {
            sink.finish()
            return false
        }
        else -> Unit
    }
    return true
}

/** One event (or NDJSON line) of about [bytes] bytes whose content is padding. */
private fun oversized(encoder: WireEncoder, bytes: Int): ByteArray {
    val pad = "x".repeat(bytes)
    val text = if (encoder.streamContentType == "application/x-ndjson") "{\"pad\":\"$pad\"}\n" else "data: {\"pad\":\"$pad\"}\n\n"
    return text.toByteArray(Charsets.UTF_8)
}

/**
 * Waits [millis], or less if the client leaves first: then throws an [IOException] naming [what], as
 * a failed write would (without a relay to tell, the call's cancellation ends the wait instead).
 */
internal suspend fun awaitUnlessClientLeaves(millis: Long, what: String, awaitClientGone: suspend () -> Unit) {
    val left = withTimeoutOrNull(millis) {
        awaitClientGone()
        true
    }
    if (left == true) throw IOException("the client left during $what")
}

/**
 * Waits until what the engine flushed is on the client's socket, before a fault breaks the
 * connection: the headers and all [written] body bytes (counted, not matched: frames repeat).
 * Without a relay to watch it pauses [DROP_SETTLE_MILLIS]; it never waits more than
 * [DROP_SETTLE_MAX_MILLIS].
 */
private suspend fun settle(link: Link?, written: Long) {
    if (link == null) {
        delay(DROP_SETTLE_MILLIS)
        return
    }
    link.awaitRelayed(written, DROP_SETTLE_MAX_MILLIS)
}

/** How long flushed bytes get to reach the socket before a dropped connection is aborted, without a relay to watch. */
private const val DROP_SETTLE_MILLIS: Long = 150

/** The longest wait for flushed bytes to pass the relay (they take well under a millisecond on loopback). */
private const val DROP_SETTLE_MAX_MILLIS: Long = 2_000
private const val NANOS_PER_MILLI = 1_000_000L

private fun afterTokens(fault: Fault): Int? = when (fault) {
    is Fault.Stall -> fault.afterTokens
    is Fault.StreamError -> fault.afterTokens
    is Fault.DropConnection -> fault.afterTokens
    is Fault.Hang -> fault.afterTokens
    is Fault.MalformedChunk -> fault.afterTokens
    is Fault.OversizedEvent -> fault.afterTokens
    is Fault.TruncatedUtf8 -> fault.afterTokens
    is Fault.EndWithoutTerminal -> fault.afterTokens
    else -> null
}

/**
 * Writes body bytes as the script says: plain, compressed ([Fault.Compressed]), or trickled
 * ([Fault.Trickle]); a trickle stops as soon as [link] says the client left.
 */
private class FrameSink(val channel: ByteWriteChannel, encoding: String?, private val trickleNanos: Long?, private val link: Link?) {
    private val compressor = encoding?.let { Compressor.forEncoding(it) }

    /** The trickle's delay not yet waited: pauses are whole milliseconds, so shorter delays add up first. */
    private var owedNanos = 0L

    /** The body bytes written so far, as they went on the wire. */
    var written: Long = 0
        private set

    suspend fun write(bytes: ByteArray) {
        val out = compressor?.compress(bytes) ?: bytes
        written += out.size
        if (trickleNanos == null) {
            channel.writeFully(out)
            channel.flush()
            return
        }
        for (byte in out) {
            if (link?.isClientGone == true) throw IOException("the client left during a trickle")
            channel.writeFully(byteArrayOf(byte))
            channel.flush()
            owedNanos += trickleNanos
            val millis = owedNanos / NANOS_PER_MILLI
            if (millis == 0L) continue
            owedNanos -= millis * NANOS_PER_MILLI
            if (link != null) awaitUnlessClientLeaves(millis, "a trickle") { link.awaitClientGone() } else delay(millis)
        }
    }

    /** Ends the compressed stream (its trailer) and flushes. */
    suspend fun finish() {
        compressor?.finish()?.let { channel.writeFully(it) }
        channel.flush()
    }
}
