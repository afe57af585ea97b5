package dev.sluice.internal.http.engine

import io.ktor.network.selector.SelectInterest
import io.ktor.network.selector.InterestSuspensionsMap
import io.ktor.network.selector.Selectable
import io.ktor.network.selector.SelectorManager
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.launch
import java.nio.channels.Pipe
import java.nio.channels.SelectableChannel

/**
 * Keeps Ktor's selector selecting, so a closed socket is really closed at once. The JDK closes a
 * selector-registered channel only when that selector next selects, and Ktor's selector (3.6.1)
 * stops selecting, suspended on its queue, when its last pass handled every key it had; a socket
 * closed then stays open until the client's next network activity. One read wait that never
 * completes (on a pipe nobody writes to) keeps a key pending, so the selector sits in `select`,
 * which the close wakes. It costs the selector's thread for the engine's lifetime, parked in
 * `select` with a 500 ms timeout.
 */
internal class SelectorKeeper(selector: SelectorManager) : AutoCloseable {
    private val pipe = Pipe.open().apply { source().configureBlocking(false) }
    private val selectable = PipeSelectable(pipe.source())
    /** The wait itself; done once closed (visible for tests). */
    internal val wait = selector.launch(CoroutineName("sluice-selector-keeper")) {
        try {
            selectable.interestOp(SelectInterest.READ, true)
            selector.select(selectable, SelectInterest.READ)
        } catch (e: CancellationException) {
            throw e
        } catch (_: Exception) {
            // The pipe or the selector closed under the wait (a close racing the wait's start, or a
            // keeper started on a closed selector): nothing left to keep. The selector's scope has
            // no job and no handler, so a failure here would reach the application's
            // uncaught-exception handler, which on Android ends the process.
        }
    }

    override fun close() {
        wait.cancel()
        pipe.sink().close()
        pipe.source().close()
    }
}

/** The keeper's pipe end as Ktor's selector sees it: read interest only, set before waiting. */
private class PipeSelectable(override val channel: SelectableChannel) : Selectable {
    override val suspensions: InterestSuspensionsMap = InterestSuspensionsMap()

    @Volatile
    override var interestedOps: Int = 0
        private set

    override val isClosed: Boolean get() = !channel.isOpen

    override fun interestOp(interest: SelectInterest, state: Boolean) {
        interestedOps = if (state) interestedOps or interest.flag else interestedOps and interest.flag.inv()
    }

    override fun close() = channel.close()

    override fun dispose() = close()
}
