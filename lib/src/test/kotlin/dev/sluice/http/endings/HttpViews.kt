package dev.sluice.http.endings

import dev.sluice.http.HttpCall
import dev.sluice.http.SseReconnect
import dev.sluice.stream.SluiceStream
import kotlinx.coroutines.runBlocking
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutionException
import java.util.concurrent.Flow
import java.util.concurrent.TimeUnit

/** What an HTTP request is read as: raw bytes, lines, or SSE events, each rendered as text for comparison. */
enum class BodyKind {
    BYTES, LINES, SSE;

    fun of(call: HttpCall): SluiceStream<String> = when (this) {
        BYTES -> SluiceStream.of(kotlinx.coroutines.flow.flow { call.bytes().asFlow().collect { emit(String(it.bytes, Charsets.UTF_8)) } })
        LINES -> call.lines()
        SSE -> SluiceStream.of(kotlinx.coroutines.flow.flow { call.sse(SseReconnect(enabled = false)).asFlow().collect { emit(it.data) } })
    }
}

/** The four ways to read a [SluiceStream], run to the end: what arrived and the error that ended it. */
enum class HttpView {
    FLOW, PUBLISHER, FUTURE, BLOCKING;

    fun <T : Any> run(stream: SluiceStream<T>): Outcome<T> {
        val items = CopyOnWriteArrayList<T>()
        return when (this) {
            FLOW -> runBlocking {
                try {
                    stream.asFlow().collect { items += it }
                    Outcome(items, null)
                } catch (e: Exception) {
                    Outcome(items, e)
                }
            }
            PUBLISHER -> {
                val done = CountDownLatch(1)
                var error: Throwable? = null
                stream.publisher().subscribe(object : Flow.Subscriber<T> {
                    lateinit var s: Flow.Subscription
                    override fun onSubscribe(subscription: Flow.Subscription) {
                        s = subscription
                        s.request(1)
                    }

                    override fun onNext(item: T) {
                        items += item
                        s.request(1)
                    }

                    override fun onError(throwable: Throwable) {
                        error = throwable
                        done.countDown()
                    }

                    override fun onComplete() = done.countDown()
                })
                check(done.await(8, TimeUnit.SECONDS)) { "the publisher never ended" }
                Outcome(items, error)
            }
            FUTURE -> try {
                Outcome(stream.toList().get(20, TimeUnit.SECONDS), null)
            } catch (e: ExecutionException) {
                Outcome(items, e.cause)
            }
            BLOCKING -> stream.blocking().use { b ->
                try {
                    while (b.hasNext()) items += b.next()
                    Outcome(items, null)
                } catch (e: Exception) {
                    Outcome(items, e)
                }
            }
        }
    }

    /** Whether the view hands items over before the end (a future of the list gives nothing on failure). */
    val deliversBeforeEnd: Boolean get() = this != FUTURE
}

class Outcome<T>(val items: List<T>, val error: Throwable?)
