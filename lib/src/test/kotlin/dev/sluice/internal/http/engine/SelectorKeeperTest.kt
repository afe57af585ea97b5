package dev.sluice.internal.http.engine

import dev.sluice.testing.UncaughtCoroutineExceptions
import io.ktor.network.selector.SelectorManager
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * The keeper's wait runs in Ktor's selector scope, which has no job and no handler: whatever ends
 * it other than its own cancellation would reach the process's uncaught-exception handler.
 */
class SelectorKeeperTest {
    @Test
    fun aKeeperOnAClosedSelectorEndsQuietly() {
        val mark = UncaughtCoroutineExceptions.mark()
        val selector = SelectorManager(Dispatchers.IO)
        selector.close()
        val keeper = SelectorKeeper(selector)
        runBlocking { withTimeout(5_000) { keeper.wait.join() } }
        keeper.close()
        assertTrue(keeper.wait.isCompleted)
        assertEquals(emptyList(), UncaughtCoroutineExceptions.since(mark, "sluice-selector-keeper"))
    }

    @Test
    fun closingAKeeperEndsItsWaitWithoutAFailure() {
        val mark = UncaughtCoroutineExceptions.mark()
        SelectorManager(Dispatchers.IO).use { selector ->
            repeat(50) {
                val keeper = SelectorKeeper(selector)
                keeper.close()
                runBlocking { withTimeout(5_000) { keeper.wait.join() } }
                assertTrue(keeper.wait.isCancelled, "the wait ends by its cancellation")
            }
        }
        assertEquals(emptyList(), UncaughtCoroutineExceptions.since(mark, "sluice-selector-keeper"))
    }
}
