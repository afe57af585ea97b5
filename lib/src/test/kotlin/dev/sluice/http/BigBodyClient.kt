@file:JvmName("BigBodyClient")

package dev.sluice.http

import kotlinx.coroutines.runBlocking
import kotlin.system.exitProcess

/**
 * Run in a forked JVM by [BigBodyTest]: streams `args[0]` through the bytes view and checks the
 * byte count against `args[1]`. Prints one summary line; exit status 0 only if the counts match.
 */
fun main(args: Array<String>) {
    val url = args[0]
    val expected = args[1].toLong()
    var total = 0L
    var chunks = 0L
    var lastSoFar = 0L
    var announced: Long? = null
    val start = System.nanoTime()
    HttpClient().use { client ->
        runBlocking {
            client.get(url).bytes().collect {
                total += it.size
                chunks++
                lastSoFar = it.bytesSoFar
                announced = it.contentLength
            }
        }
    }
    val seconds = (System.nanoTime() - start) / 1e9
    val runtime = Runtime.getRuntime()
    println(
        "bytes=$total chunks=$chunks bytesSoFar=$lastSoFar contentLength=$announced " +
            "seconds=${"%.2f".format(seconds)} MBps=${"%.0f".format(total / 1e6 / seconds)} " +
            "maxHeapMb=${runtime.maxMemory() / (1024 * 1024)}",
    )
    exitProcess(if (total == expected && lastSoFar == expected && announced == expected) 0 else 3)
}
