package dev.sluice.internal.text

import kotlinx.coroutines.flow.FlowCollector

/**
 * Values a push decoder produced from one read, held until a suspending caller emits them. A
 * failure met while decoding the read is rethrown only after the values produced before it, so
 * nothing already decoded is lost.
 */
internal class Batch<T> {
    private val items = ArrayList<T>()
    private var failure: Throwable? = null

    fun add(item: T) {
        items.add(item)
    }

    inline fun decode(block: () -> Unit) {
        try {
            block()
        } catch (e: Throwable) {
            fail(e)
        }
    }

    fun fail(e: Throwable) {
        failure = e
    }

    suspend fun drain(collector: FlowCollector<T>) {
        for (i in 0 until items.size) collector.emit(items[i])
        items.clear()
        failure?.let { throw it }
    }
}
