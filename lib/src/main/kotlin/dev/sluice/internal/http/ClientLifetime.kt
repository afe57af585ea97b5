package dev.sluice.internal.http

import dev.sluice.http.HttpTransportException
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.isActive
import kotlinx.coroutines.job
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicBoolean

/**
 * Tracks the streams running on one client so that closing the client stops them, and turns
 * their failure into a clear [IllegalStateException] instead of a bare cancellation.
 */
internal class ClientLifetime {
    private val closed = AtomicBoolean()
    private val active: MutableSet<Job> = ConcurrentHashMap.newKeySet()

    val isClosed: Boolean get() = closed.get()

    /** How many streams (coroutines in [guard]) are running now; tests check it returns to zero. */
    val running: Int get() = active.size

    /**
     * Runs [block] (which may emit to a flow collector: it runs in a plain `coroutineScope`) as
     * one stream of this client.
     */
    suspend fun <R> guard(what: String, block: suspend () -> R): R {
        check(!closed.get()) { "HttpClient is closed: cannot start $what" }
        return try {
            coroutineScope {
                val job = coroutineContext.job
                active += job
                try {
                    if (closed.get()) throw CancellationException("HttpClient closed")
                    block()
                } finally {
                    active -= job
                }
            }
        } catch (e: CancellationException) {
            if (closed.get() && currentCoroutineContext().isActive) throw closedWhile(what, e)
            throw e
        } catch (e: HttpTransportException) {
            if (closed.get()) throw closedWhile(what, e)
            throw e
        }
    }

    /** Marks the client closed and cancels its running streams; `false` if it already was. */
    fun close(): Boolean {
        if (!closed.compareAndSet(false, true)) return false
        active.toList().forEach { it.cancel(CancellationException("HttpClient closed")) }
        return true
    }

    private fun closedWhile(what: String, cause: Throwable) =
        IllegalStateException("HttpClient was closed while $what was running", cause)
}
