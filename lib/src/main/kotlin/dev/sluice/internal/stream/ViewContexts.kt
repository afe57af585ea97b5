@file:JvmName("ViewContexts")

package dev.sluice.internal.stream

import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import java.util.concurrent.Executor
import kotlin.coroutines.CoroutineContext

/**
 * Where a view collects its flow and calls user code: on [executor] when one is given, otherwise
 * on kotlinx.coroutines' shared `Dispatchers.IO` pool (daemon threads named
 * `DefaultDispatcher-worker-N`, which tolerate callbacks that block for a while).
 */
public fun viewContext(executor: Executor?, name: String): CoroutineContext =
    (executor?.asCoroutineDispatcher() ?: Dispatchers.IO) + CoroutineName(name)

/**
 * Marks an exception thrown by user code (a subscriber or a handler) so that it is not mistaken
 * for a failure of the source when it travels out of `collect`. No stack trace of its own.
 */
internal class CallbackFailure(override val cause: Throwable) : Exception(cause) {
    override fun fillInStackTrace(): Throwable = this
}

/** Hands [error] to the current thread's uncaught-exception handler: the last resort of a callback failure. */
internal fun reportUncaught(error: Throwable) {
    val thread = Thread.currentThread()
    thread.uncaughtExceptionHandler?.uncaughtException(thread, error)
}
