@file:JvmName("ViewContexts")

package dev.sluice.internal.stream

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import java.util.concurrent.Executor
import kotlin.coroutines.CoroutineContext

/**
 * How many runs of the Java views, together, use threads of the shared pool at once when no
 * executor is given: callbacks may block for a while, so well over the cores, but bounded. All of
 * `Dispatchers.IO` (64) took 87 pool threads under 10,000 Publisher streams on 2 cores, 32 took
 * 63, this (16 there) 40: the pool starts threads beyond a view's limit while its workers change
 * tasks.
 */
internal val VIEW_PARALLELISM: Int = maxOf(16, 2 * Runtime.getRuntime().availableProcessors())

/** The Java views' default dispatcher: a bounded view of `Dispatchers.IO`, shared by every view. */
private val sharedViews: CoroutineDispatcher = Dispatchers.IO.limitedParallelism(VIEW_PARALLELISM)

/**
 * Where a view collects its flow and calls user code: on [executor] when one is given, otherwise
 * on [sharedViews], at most [VIEW_PARALLELISM] at once on kotlinx.coroutines' shared pool (daemon
 * threads named `DefaultDispatcher-worker-N`, which tolerate callbacks that block for a while).
 */
public fun viewContext(executor: Executor?, name: String): CoroutineContext =
    (executor?.asCoroutineDispatcher() ?: sharedViews) + CoroutineName(name)

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
