@file:JvmName("StreamCallbacks")

package dev.sluice.internal.stream

import dev.sluice.stream.Cancellable
import dev.sluice.stream.StreamHandler
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.launch
import kotlin.coroutines.CoroutineContext

/**
 * Pushes the elements of one collection of [flow] to [handler] from one coroutine on [context],
 * so calls are serialized. Exactly one of `onComplete` / `onError` ends a run that was not
 * cancelled; an exception thrown by `onNext` cancels the collection (closing its connection) and
 * is passed once to `onError`. After `cancel()`, no terminal callback is made.
 */
public fun <T : Any> subscribeHandler(flow: Flow<T>, handler: StreamHandler<in T>, context: CoroutineContext): Cancellable {
    val run = HandlerRun(flow, handler, context)
    run.start()
    return run
}

@OptIn(DelicateCoroutinesApi::class)
private class HandlerRun<T : Any>(
    private val flow: Flow<T>,
    private val handler: StreamHandler<in T>,
    context: CoroutineContext,
) : Cancellable {
    @Volatile
    private var cancelled = false

    private val job = GlobalScope.launch(context, CoroutineStart.LAZY) { run() }

    fun start() {
        job.start()
    }

    override fun cancel() {
        cancelled = true
        job.cancel()
    }

    private suspend fun run() {
        var failure: Throwable? = null
        try {
            flow.collect { value ->
                currentCoroutineContext().ensureActive()
                try {
                    handler.onNext(value)
                } catch (e: Throwable) {
                    throw CallbackFailure(e)
                }
            }
        } catch (e: Throwable) {
            failure = e
        }
        if (cancelled) return
        try {
            when (failure) {
                null -> handler.onComplete()
                is CallbackFailure -> handler.onError(failure.cause)
                else -> handler.onError(failure)
            }
        } catch (e: Throwable) {
            reportUncaught(e)
        }
    }
}
