@file:OptIn(io.ktor.utils.io.InternalAPI::class)

package dev.sluice.internal.http.engine

import io.ktor.network.selector.SelectInterest
import io.ktor.network.selector.Selectable
import io.ktor.network.selector.SelectorManager
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.isActive
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.CancelledKeyException
import java.nio.channels.WritableByteChannel

/**
 * Waits on Ktor's selector until [selectable] is ready for [interest]; the selector resumes the
 * caller itself, on the caller's dispatcher. A close of the socket or the selector under the wait
 * is an [IOException] to a caller that is still active, not its cancellation.
 */
internal suspend fun awaitReady(selectable: Selectable, selector: SelectorManager, interest: SelectInterest) {
    selectable.interestOp(interest, true)
    try {
        selector.select(selectable, interest)
    } catch (e: CancelledKeyException) {
        // Closed just before the wait was registered: the selector found its key cancelled.
        throw IOException("the connection was closed", e)
    } catch (e: CancellationException) {
        // Ktor's selector keeps a cancelled wait registered until the socket is ready; a later
        // wait (a drain after the reader gave up) would then be refused as a second one.
        selectable.suspensions.removeSuspension(interest)
        if (currentCoroutineContext().isActive) throw IOException("the connection was closed", e)
        throw e
    } finally {
        selectable.interestOp(interest, false)
    }
}

/**
 * Writes all of [bytes] to a plain connection on the caller's coroutine, waiting on the selector
 * only while the socket's send buffer is full. Ktor's `openWriteChannel` would start a writer
 * coroutine per connection on `Dispatchers.IO` instead, so a burst of requests grew that pool to
 * its 64 threads.
 */
internal suspend fun writeToSocket(selectable: Selectable, selector: SelectorManager, bytes: ByteArray) {
    val channel = selectable.channel as WritableByteChannel
    val buffer = ByteBuffer.wrap(bytes)
    while (buffer.hasRemaining()) {
        if (channel.write(buffer) == 0) awaitReady(selectable, selector, SelectInterest.WRITE)
    }
}
