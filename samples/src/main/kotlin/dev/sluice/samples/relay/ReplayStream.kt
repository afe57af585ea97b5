package dev.sluice.samples.relay

import dev.sluice.sse.SseEvent
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow

/**
 * One browser stream's events, kept so a reconnecting `EventSource` resumes where it stopped. Each
 * event gets the id `<stream id>-<n>` (n = 1, 2, 3...), which is what the browser sends back as
 * `Last-Event-ID`. At most [capacity] events are kept: a client that falls further behind than that
 * gets an `error` event instead of a gap. Thread-safe; [frames] can be read by any number of clients.
 */
internal class ReplayStream(val id: String, private val capacity: Int) {
    private val lock = Any()
    private val events = ArrayDeque<SseEvent>()
    private var firstNumber = 1L // the number of events.first()
    private var finished = false
    private var attached = 0
    private val version = MutableStateFlow(0L)

    /** When the stream finished (System.nanoTime), or `null` while it runs. */
    @Volatile
    var finishedAtNanos: Long? = null
        private set

    /** Appends an event of [type] with [data], numbered next. */
    fun append(type: String?, data: String) = changing {
        if (!finished) {
            val number = firstNumber + events.size
            events.addLast(SseEvent(data, type, "$id-$number"))
            if (events.size > capacity) {
                events.removeFirst()
                firstNumber++
            }
        }
    }

    /** No event follows: readers end once they have sent what is buffered. */
    fun finish() = changing {
        if (!finished) {
            finished = true
            finishedAtNanos = System.nanoTime()
        }
    }

    /** The number of the last event appended (0 before the first). */
    fun lastNumber(): Long = synchronized(lock) { firstNumber + events.size - 1 }

    val isFinished: Boolean get() = synchronized(lock) { finished }

    /** How many clients are reading [frames] now. */
    val readers: Int get() = synchronized(lock) { attached }

    /**
     * The events after number [after] (0: all), then each new one as it is appended, ending when the
     * stream finished and everything was sent.
     */
    fun frames(after: Long): Flow<SseEvent> = flow {
        changing { attached++ } // wakes a watcher of readers: a reader arrived
        try {
            var cursor = after
            while (true) {
                val seen: Long
                val batch: List<SseEvent>
                val done: Boolean
                synchronized(lock) {
                    seen = version.value
                    if (cursor + 1 < firstNumber) {
                        batch = listOf(expired(cursor))
                        cursor = Long.MAX_VALUE
                    } else {
                        batch = events.drop((cursor + 1 - firstNumber).toInt().coerceAtLeast(0))
                        cursor += batch.size
                    }
                    done = finished || cursor == Long.MAX_VALUE
                }
                for (event in batch) emit(event)
                if (done && batch.isEmpty() || cursor == Long.MAX_VALUE) return@flow
                if (batch.isEmpty()) version.first { it != seen }
            }
        } finally {
            synchronized(lock) { attached-- }
            changing {} // wakes a watcher of readers
        }
    }

    /** Suspends until [readers] changes or the stream finishes. */
    suspend fun awaitChange(fromReaders: Int) {
        val seen = synchronized(lock) { if (attached != fromReaders || finished) return else version.value }
        version.first { it != seen }
    }

    private fun expired(cursor: Long): SseEvent = SseEvent(
        """{"type":"resume_unavailable","message":"event $id-$cursor is no longer buffered; start a new stream"}""",
        "error",
    )

    private inline fun changing(block: () -> Unit) {
        synchronized(lock) {
            block()
            version.value = version.value + 1
        }
    }
}
