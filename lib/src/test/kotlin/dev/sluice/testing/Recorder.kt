package dev.sluice.testing

import java.util.Collections
import java.util.concurrent.LinkedBlockingDeque
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * What a view delivered, in order, for tests to assert on one signal at a time, as okhttp's
 * `EventSourceRecorder` does: [assertItem] / [takeItem], then [assertComplete] or [assertFailure],
 * then [assertExhausted] (nothing else arrived: no second terminal signal, no item after it).
 * Every wait is bounded by [timeoutMillis] and fails with what was expected and what arrived.
 *
 * One subclass per view adapts its callbacks: [PublisherRecorder] (`Flow.Publisher`),
 * [HandlerRecorder] (callbacks), [IteratorRecorder] (blocking iterator), [FlowRecorder]
 * (Kotlin `Flow`). Each also keeps [items] (every item, for whole-list checks), the [threads]
 * that called it and whether two calls ever [overlapped].
 */
abstract class Recorder<T> protected constructor(@JvmField val timeoutMillis: Long) {
    /** One signal of a view: an item, the end, or a failure. */
    sealed class Signal<out T> {
        data class Item<T>(val value: T) : Signal<T>()
        object Complete : Signal<Nothing>() { override fun toString() = "Complete" }
        data class Failure(val error: Throwable) : Signal<Nothing>()
    }

    private val signals = LinkedBlockingDeque<Signal<T>>()
    private val taken: MutableList<Signal<T>> = Collections.synchronizedList(ArrayList())
    private val lock = Object()
    private val inside = AtomicInteger()

    /** Every item received so far, in order (including those already taken); synchronized, not copied on write (views deliver thousands). */
    @JvmField
    val items: MutableList<T> = Collections.synchronizedList(ArrayList())

    /** The name of the thread of every call, in order. */
    @JvmField
    val threads: MutableList<String> = Collections.synchronizedList(ArrayList())

    /** Whether a call came in while another was still running (a view must never do that). */
    @Volatile
    @JvmField
    var overlapped: Boolean = false

    /** Runs a callback of the view: records its thread and any overlap. */
    fun <R> call(block: () -> R): R {
        if (inside.incrementAndGet() != 1) overlapped = true
        threads += Thread.currentThread().name
        try {
            return block()
        } finally {
            inside.decrementAndGet()
        }
    }

    /** Records one signal (adapters call this from the view's callbacks). */
    fun record(signal: Signal<T>) {
        if (signal is Signal.Item) items += signal.value
        signals.add(signal)
        synchronized(lock) { lock.notifyAll() }
    }

    /** The next signal, waiting at most [timeoutMillis]; fails naming [expected] when none comes. */
    fun next(expected: String): Signal<T> {
        val signal = signals.poll(timeoutMillis, TimeUnit.MILLISECONDS)
            ?: throw AssertionError("expected $expected within $timeoutMillis ms, got nothing; so far: $taken")
        taken += signal
        return signal
    }

    /** The next signal is an item; returns it. */
    fun takeItem(): T = when (val s = next("an item")) {
        is Signal.Item -> s.value
        else -> throw AssertionError("expected an item, got $s; so far: $taken", (s as? Signal.Failure)?.error)
    }

    /** The next signal is the item [expected]. */
    fun assertItem(expected: T) {
        val actual = takeItem()
        if (actual != expected) throw AssertionError("expected item <$expected>, got <$actual>; so far: $taken")
    }

    /** The next signals are exactly the items [expected], in order. */
    fun assertItems(expected: List<T>) = expected.forEach(::assertItem)

    /** The next signal is the normal end. */
    fun assertComplete() {
        val s = next("completion")
        if (s != Signal.Complete) throw AssertionError("expected completion, got $s; so far: $taken", (s as? Signal.Failure)?.error)
    }

    /** The next signal is a failure of [type]; returns it for further checks. */
    fun <E : Throwable> assertFailure(type: Class<E>): E {
        val s = next("a failure of type ${type.name}")
        if (s !is Signal.Failure || !type.isInstance(s.error)) {
            throw AssertionError("expected a failure of type ${type.name}, got $s; so far: $taken", (s as? Signal.Failure)?.error)
        }
        return type.cast(s.error)
    }

    /** The next signal is the failure [expected] itself. */
    fun assertFailure(expected: Throwable) {
        val actual = assertFailure(Throwable::class.java)
        if (actual !== expected) throw AssertionError("expected failure <$expected>, got <$actual>", actual)
    }

    /** Skips items until the terminal signal, waiting at most [timeoutMillis] for each; returns it. */
    fun awaitTerminal(): Signal<T> {
        while (true) {
            val s = next("a terminal signal")
            if (s !is Signal.Item) return s
        }
    }

    /** Waits until at least [count] items were received (without taking them). */
    fun awaitItems(count: Int) {
        val deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis)
        synchronized(lock) {
            while (items.size < count) {
                val left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())
                if (left <= 0) throw AssertionError("expected $count items within $timeoutMillis ms, got ${items.size}: ${signals.toList()}")
                lock.wait(left)
            }
        }
    }

    /** Nothing arrived that was not taken yet. */
    fun assertExhausted() {
        if (signals.isNotEmpty()) throw AssertionError("expected no more signals, got ${signals.toList()}; taken: $taken")
    }

    companion object {
        const val DEFAULT_TIMEOUT_MILLIS: Long = 10_000
    }
}
