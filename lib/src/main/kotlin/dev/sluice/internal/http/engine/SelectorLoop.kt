package dev.sluice.internal.http.engine

import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine
import java.io.IOException
import java.nio.channels.ClosedChannelException
import java.nio.channels.SelectableChannel
import java.nio.channels.SelectionKey
import java.nio.channels.Selector
import java.util.concurrent.ConcurrentLinkedQueue

/**
 * The one thread (daemon, `sluice-selector`) that waits for socket readiness for every engine of
 * the process. A coroutine that finds its socket not ready suspends in [await]; the loop resumes
 * it (on its own dispatcher) when the socket is. The thread runs only while some socket waits or
 * is open, and ends after [IDLE_MILLIS] without any, so a process with no streams keeps no thread.
 *
 * Closing a registered channel in the JDK frees its socket only at the selector's next select:
 * [closed] wakes the loop for that, so a cancelled stream's connection closes at once (Ktor's
 * selector does not wake when idle, which left such sockets open until the next network activity).
 */
internal object SelectorLoop {
    private val tasks = ConcurrentLinkedQueue<(Selector) -> Unit>()
    private var selector: Selector? = null
    private var running = false

    /** Suspends until [channel] is ready for [op] (`SelectionKey.OP_*`); fails if it is closed meanwhile. */
    suspend fun await(channel: SelectableChannel, op: Int) {
        suspendCancellableCoroutine { cont ->
            submit { selector -> register(selector, channel, op, cont) }
            cont.invokeOnCancellation { submit { selector -> channel.keyFor(selector)?.let { waiters(it).remove(op) } } }
        }
    }

    /** [channel] was closed: its waiters fail, and the loop selects once so the socket is freed. */
    fun closed(channel: SelectableChannel) {
        submit { selector ->
            val key = channel.keyFor(selector) ?: return@submit
            waiters(key).failAll(ClosedChannelException())
            key.cancel()
        }
    }

    private fun register(selector: Selector, channel: SelectableChannel, op: Int, cont: CancellableContinuation<Unit>) {
        try {
            val key = channel.keyFor(selector) ?: channel.register(selector, 0, Waiters())
            waiters(key).put(op, cont)
            key.interestOps(key.interestOps() or op)
        } catch (e: Exception) {
            cont.resumeWith(Result.failure(if (e is IOException) e else ClosedChannelException().apply { initCause(e) }))
        }
    }

    private fun waiters(key: SelectionKey) = key.attachment() as Waiters

    private fun submit(task: (Selector) -> Unit) {
        tasks.add(task)
        synchronized(this) {
            val current = selector
            if (running && current != null) {
                current.wakeup()
                return
            }
            val opened = Selector.open()
            selector = opened
            running = true
            Thread({ loop(opened) }, "sluice-selector").apply { isDaemon = true }.start()
        }
    }

    private fun loop(selector: Selector) {
        var idleSince = System.nanoTime()
        while (true) {
            while (true) (tasks.poll() ?: break)(selector)
            if (selector.keys().isEmpty()) {
                if (System.nanoTime() - idleSince > IDLE_MILLIS * 1_000_000) {
                    synchronized(this) {
                        if (tasks.isEmpty()) {
                            running = false
                            this.selector = null
                            selector.close()
                            return
                        }
                    }
                }
            } else {
                idleSince = System.nanoTime()
            }
            selector.select(IDLE_MILLIS) // also frees the sockets of keys cancelled since the last one
            val selected = selector.selectedKeys().iterator()
            while (selected.hasNext()) {
                val key = selected.next()
                selected.remove()
                if (!key.isValid) continue
                val ready = key.readyOps()
                key.interestOps(key.interestOps() and ready.inv())
                waiters(key).resume(ready)
            }
        }
    }

    private const val IDLE_MILLIS = 200L
}

/** The coroutines waiting on one channel, by operation. Used on the selector thread only. */
private class Waiters {
    private val byOp = HashMap<Int, CancellableContinuation<Unit>>(2)

    fun put(op: Int, cont: CancellableContinuation<Unit>) {
        byOp.put(op, cont)?.let { if (it !== cont) it.resumeWith(Result.failure(IllegalStateException("two waiters for one socket operation"))) }
    }

    fun remove(op: Int) {
        byOp.remove(op)
    }

    fun resume(ready: Int) {
        val done = byOp.keys.filter { it and ready != 0 }
        for (op in done) byOp.remove(op)?.resumeWith(Result.success(Unit))
    }

    fun failAll(cause: Throwable) {
        val all = byOp.values.toList()
        byOp.clear()
        all.forEach { it.resumeWith(Result.failure(cause)) }
    }
}
