package dev.sluice.samples

import dev.sluice.samples.cli.TinyHttpServer
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import kotlin.test.Test
import kotlin.test.assertEquals

@Timeout(30)
class SseFlowSampleTest {
    @Test
    fun printsTheFirstEventsOfAnEndpoint(): Unit = runBlocking {
        val body = (1..5).joinToString("") { "id: $it\nevent: tick\ndata: number $it\n\n" }
        TinyHttpServer { TinyHttpServer.Response(200, "text/event-stream", body) }.use { server ->
            val printed = mutableListOf<String>()
            followEvents(server.url + "/ticks", 3) { printed += it }
            assertEquals(listOf("1 tick: number 1", "2 tick: number 2", "3 tick: number 3"), printed)
            assertEquals("sluice-sample", server.requests.single()["user-agent"])
        }
    }
}
