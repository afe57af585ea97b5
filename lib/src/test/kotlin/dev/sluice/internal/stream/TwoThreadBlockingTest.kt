package dev.sluice.internal.stream

import dev.sluice.llm.LlmBlockingStream
import dev.sluice.llm.SluiceLlm
import dev.sluice.llm.client.configFor
import dev.sluice.llm.client.requestFor
import dev.sluice.llm.request.Provider
import dev.sluice.stream.BlockingStream
import dev.sluice.stream.SluiceStream
import dev.sluice.testkit.FakeLlmServerExtension
import dev.sluice.testkit.Fault
import dev.sluice.testkit.script
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.flow.flow
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.RegisterExtension
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse

/** A blocking stream used from a second thread while the first waits in it fails loudly, losing nothing. */
@Timeout(20)
class TwoThreadBlockingTest {
    companion object {
        @JvmField
        @RegisterExtension
        val fakeServer = FakeLlmServerExtension()
    }

    /** Starts [wait] on a new thread and returns once that thread is parked inside it. */
    private fun parkedIn(wait: () -> Boolean): Pair<Thread, CompletableFuture<Boolean>> {
        val result = CompletableFuture<Boolean>()
        val t = Thread { result.complete(runCatching(wait).getOrElse { result.completeExceptionally(it); false }) }
        t.start()
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        while (t.state != Thread.State.WAITING && t.state != Thread.State.TIMED_WAITING) {
            check(System.nanoTime() < deadline) { "the first consumer never waited" }
            Thread.onSpinWait()
        }
        return t to result
    }

    @Test
    fun aSecondThreadInAStreamInUseFailsWithAClearMessageAndTheFirstKeepsItsElements() {
        val first = CompletableFuture<Unit>()
        val stream: BlockingStream<String> = SluiceStream.of(flow<String> {
            first.get(10, TimeUnit.SECONDS)
            emit("a")
            emit("b")
            awaitCancellation()
        }).blocking()
        stream.use {
            val (thread, hasNext) = parkedIn { stream.hasNext() }
            for (call in listOf<() -> Any?>({ stream.next() }, { stream.hasNext() })) {
                val e = assertFailsWith<IllegalStateException> { call() }
                assertContains(e.message!!, "one consumer at a time")
            }
            first.complete(Unit)
            assertEquals(true, hasNext.get(10, TimeUnit.SECONDS))
            thread.join(5_000)
            assertEquals("a", stream.next(), "no element lost to the refused call")
            assertEquals("b", stream.next(), "handing over between calls is fine")
        }
    }

    @Test
    fun anLlmBlockingStreamRefusesASecondThreadToo() {
        fakeServer.server().enqueue(script { text("one two"); fault(Fault.Hang(0)) })
        SluiceLlm.wrap(dev.sluice.llm.LlmClient(configFor(Provider.OPENAI_CHAT, fakeServer.server()))).use { llm ->
            val stream: LlmBlockingStream = llm.blocking(requestFor())
            stream.use {
                val (thread, hasNext) = parkedIn { stream.hasNext() }
                val e = assertFailsWith<IllegalStateException> { stream.next() }
                assertContains(e.message!!, "one consumer at a time")
                stream.close()
                assertFalse(hasNext.get(10, TimeUnit.SECONDS), "closing wakes the first consumer")
                thread.join(5_000)
            }
        }
    }
}
