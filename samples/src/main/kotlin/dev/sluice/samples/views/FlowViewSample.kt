package dev.sluice.samples.views

import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking

/** Kotlin: the view is the cold Flow itself; collecting starts the run, cancelling stops it. */
object FlowViewSample {
    /** The first three events' data; `take` cancels the collection (for HTTP: closes the connection). */
    suspend fun firstThree(): List<String> = SampleStreams.tokens().asFlow().take(3).map { it.data }.toList()

    @JvmStatic
    fun main(args: Array<String>) = runBlocking { firstThree().forEach(::println) }
}
