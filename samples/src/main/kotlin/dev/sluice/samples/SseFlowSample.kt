@file:JvmName("SseFlowSample")

package dev.sluice.samples

import dev.sluice.http.HttpClient
import dev.sluice.http.SseReconnect
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.runBlocking
import kotlin.time.Duration.Companion.seconds

/**
 * Follows a Server-Sent Events endpoint as a Kotlin Flow and prints the first [count] events.
 * The flow is cold: collecting sends the request; `take` cancels the collection after [count]
 * events, which closes the connection. Before the first event, failures are retried (the
 * client's RetryPolicy); afterwards a dropped connection is re-established with `Last-Event-ID`
 * and the same flow goes on; a minute without a byte (keep-alives count) is a dead connection.
 */
suspend fun followEvents(url: String, count: Int, print: (String) -> Unit) {
    // snippet:begin sse-flow
    HttpClient {
        connectTimeout = 5.seconds
        idleTimeout = 60.seconds
        header("User-Agent", "sluice-sample")
    }.use { client ->
        client.get(url)
            .sse(SseReconnect().withDefaultRetry(1.seconds).withMaxAttempts(5)) // Last-Event-ID on reconnect
            .take(count) // cancelling closes the connection
            .collect { event -> print("${event.id ?: "-"} ${event.type}: ${event.data}") }
    }
    // snippet:end
}

/** `./mvnw -pl samples exec:java -Dexec.mainClass=dev.sluice.samples.SseFlowSample -Dexec.args="URL [COUNT]"` */
fun main(args: Array<String>) {
    val url = args.firstOrNull() ?: run {
        System.err.println("usage: SseFlowSample URL [COUNT]")
        return
    }
    runBlocking { followEvents(url, args.getOrNull(1)?.toInt() ?: 10, ::println) }
}
