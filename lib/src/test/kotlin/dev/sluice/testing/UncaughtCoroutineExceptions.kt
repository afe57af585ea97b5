package dev.sluice.testing

import kotlinx.coroutines.CoroutineExceptionHandler
import kotlinx.coroutines.CoroutineName
import org.junit.jupiter.api.extension.AfterEachCallback
import org.junit.jupiter.api.extension.BeforeEachCallback
import org.junit.jupiter.api.extension.ExtensionContext
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext

/**
 * Every coroutine exception nobody caught, anywhere in the test JVM: recorded for the tests that
 * check their code leaks none, and printed with the test that was running when it arrived, so a
 * failure that surfaces in a later test (kotlinx-coroutines-test reports it in the next `runTest`)
 * names its source. A service: kotlinx.coroutines calls every registered handler.
 */
class UncaughtCoroutineExceptions : AbstractCoroutineContextElement(CoroutineExceptionHandler), CoroutineExceptionHandler {
    override fun handleException(context: CoroutineContext, exception: Throwable) {
        recorded += Uncaught(context[CoroutineName]?.name, exception)
        System.err.println("Uncaught coroutine exception during ${CurrentTest.name} in $context on ${Thread.currentThread().name}")
        exception.printStackTrace()
    }

    /** One uncaught exception and the name of the coroutine it ended, if it had one. */
    data class Uncaught(val coroutine: String?, val exception: Throwable)

    companion object {
        val recorded: MutableList<Uncaught> = CopyOnWriteArrayList()

        /** A point in the record, for [since]. */
        fun mark(): Int = recorded.size

        /** What was recorded after [mark]. */
        fun since(mark: Int): List<Uncaught> = recorded.drop(mark)

        /** The exceptions that ended coroutines named [name] after [mark]. */
        fun since(mark: Int, name: String): List<Throwable> = since(mark).filter { it.coroutine == name }.map { it.exception }
    }
}

/**
 * Which test is running, for [UncaughtCoroutineExceptions], and a guard on every test (an
 * auto-detected extension): a test during which a coroutine ended with an exception nobody caught
 * fails, naming it. Such an exception is a bug wherever it comes from: on Android it ends the app.
 */
class CurrentTest : BeforeEachCallback, AfterEachCallback {
    private var mark = 0

    override fun beforeEach(context: ExtensionContext) {
        mark = UncaughtCoroutineExceptions.mark()
        name = context.uniqueId
    }

    override fun afterEach(context: ExtensionContext) {
        name = "the time after ${context.uniqueId}"
        val leaked = UncaughtCoroutineExceptions.since(mark)
        if (leaked.isNotEmpty()) {
            throw AssertionError(
                "coroutines ended with exceptions nobody caught during this test: " +
                    leaked.joinToString { "${it.exception} (coroutine ${it.coroutine})" },
            ).apply { leaked.forEach { addSuppressed(it.exception) } }
        }
    }

    companion object {
        @Volatile
        var name: String = "no test yet"
    }
}
