package dev.sluice.internal.testkit

import dev.sluice.testkit.Fault
import io.ktor.utils.io.ByteWriteChannel
import io.ktor.utils.io.writeByte
import io.ktor.utils.io.writeStringUtf8
import kotlinx.coroutines.delay

/** Thrown inside a response writer to abort the connection on purpose ([Fault.DropConnection]). */
internal class DroppedOnPurpose : RuntimeException("connection dropped by the fake server's script") {
    override fun fillInStackTrace(): Throwable = this
}

/**
 * Writes [frames] to [channel], flushing each one, with the script's pacing: the time to
 * first token before the first delta, the token delay before each later one. A positional
 * fault acts at the first delta whose index reaches its `afterTokens`, or at the closing
 * frame if the script has fewer deltas. A [Fault.Hang] returns once [awaitClientGone] does.
 */
internal suspend fun playFrames(
    channel: ByteWriteChannel,
    encoder: WireEncoder,
    frames: List<Frame>,
    plan: ReplyPlan,
    awaitClientGone: suspend () -> Unit,
) {
    val script = plan.script
    val fault = script.fault
    if (fault is Fault.DropAfterHeaders) {
        channel.flush()
        delay(DROP_SETTLE_MILLIS)
        throw DroppedOnPurpose()
    }
    val trickle = (fault as? Fault.Trickle)?.byteDelay?.toMillis()
    var deltas = 0
    var faultDone = fault == null || afterTokens(fault) == null
    for (frame in frames) {
        if (!faultDone && frame.kind != Frame.Kind.PLAIN && (frame.kind == Frame.Kind.CLOSING || deltas >= afterTokens(fault!!)!!)) {
            faultDone = true
            when (fault) {
                is Fault.Stall -> {
                    channel.flush()
                    delay(fault.duration.toMillis())
                }
                is Fault.Hang -> {
                    channel.flush()
                    awaitClientGone()
                    return
                }
                is Fault.StreamError -> {
                    for (text in encoder.errorFrames(fault.errorType, fault.message)) channel.writeStringUtf8(text)
                    channel.flush()
                    return
                }
                is Fault.DropConnection -> {
                    channel.flush()
                    // Ktor discards bytes still between this channel and the socket when the body fails:
                    // give the flushed frames time to reach the socket before aborting.
                    delay(DROP_SETTLE_MILLIS)
                    throw DroppedOnPurpose()
                }
                else -> Unit
            }
        }
        if (frame.kind == Frame.Kind.DELTA) {
            val pause = if (deltas == 0) script.timeToFirstTokenMillis else script.tokenDelayMillis
            if (pause > 0) delay(pause)
            deltas++
        }
        if (trickle != null) {
            writeTrickling(channel, frame.render(), trickle)
        } else {
            channel.writeStringUtf8(frame.render())
            channel.flush()
        }
    }
}

/** Writes [text] one byte at a time, flushing each, [byteDelayMillis] apart ([Fault.Trickle]). */
private suspend fun writeTrickling(channel: ByteWriteChannel, text: String, byteDelayMillis: Long) {
    for (byte in text.toByteArray(Charsets.UTF_8)) {
        channel.writeByte(byte)
        channel.flush()
        if (byteDelayMillis > 0) delay(byteDelayMillis)
    }
}

/** How long flushed bytes get to reach the socket before a dropped connection is aborted. */
internal const val DROP_SETTLE_MILLIS: Long = 150

private fun afterTokens(fault: Fault): Int? = when (fault) {
    is Fault.Stall -> fault.afterTokens
    is Fault.StreamError -> fault.afterTokens
    is Fault.DropConnection -> fault.afterTokens
    is Fault.Hang -> fault.afterTokens
    else -> null
}
