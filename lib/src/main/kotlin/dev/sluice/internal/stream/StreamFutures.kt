@file:JvmName("StreamFutures")
@file:OptIn(DelicateCoroutinesApi::class)

package dev.sluice.internal.stream

import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.future.future
import java.util.concurrent.CompletableFuture
import java.util.stream.Collector
import kotlin.coroutines.CoroutineContext

// Terminal results as CompletableFutures. Each call starts one collection of the flow on
// [context]. Cancelling the future (cancel(true) or cancel(false), or completing it by hand)
// cancels the collection and so closes its connection. A failure completes the future
// exceptionally with the very exception the flow threw.

/** Collects every element with [collector], like `Stream.collect`. */
public fun <T, A, R> collectFuture(
    flow: Flow<T>,
    collector: Collector<in T, A, R>,
    context: CoroutineContext,
): CompletableFuture<R> = GlobalScope.future(context) {
    val container = collector.supplier().get()
    val accumulator = collector.accumulator()
    flow.collect { accumulator.accept(container, it) }
    collector.finisher().apply(container)
}

/** Counts the elements (as a long: a byte stream can have more than 2^31 chunks). */
public fun <T> countFuture(flow: Flow<T>, context: CoroutineContext): CompletableFuture<Long> =
    GlobalScope.future(context) {
        var count = 0L
        flow.collect { count++ }
        count
    }

/**
 * The first element; the rest of the stream is not read (the connection is closed as soon as the
 * first element arrives). An empty stream fails with [NoSuchElementException].
 */
public fun <T> firstFuture(flow: Flow<T>, context: CoroutineContext): CompletableFuture<T> =
    GlobalScope.future(context) { flow.first() }
