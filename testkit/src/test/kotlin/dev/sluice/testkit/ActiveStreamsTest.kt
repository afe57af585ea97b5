package dev.sluice.testkit

import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.net.Socket
import java.time.Duration
import kotlin.test.assertEquals
import kotlin.test.assertTrue

@Timeout(30)
class ActiveStreamsTest {
    private val server = FakeLlmServer().start()

    @AfterEach
    fun stop() = server.close()

    private fun longPacedScript(): Script =
        ScriptBuilder().tokens(List(500) { " t$it" }).tokenDelay(Duration.ofMillis(10)).build()

    /** Sends a streaming chat request on a raw socket and reads until [marker] arrived. */
    private fun openStream(socket: Socket, marker: String) {
        socket.soTimeout = 5_000
        val body = chatBody("q").toByteArray()
        socket.getOutputStream().write(
            ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                "Content-Length: ${body.size}\r\n\r\n").toByteArray() + body,
        )
        val seen = StringBuilder()
        val buffer = ByteArray(4096)
        while (!seen.contains(marker)) {
            val n = socket.getInputStream().read(buffer)
            check(n > 0) { "stream ended before $marker: $seen" }
            seen.append(String(buffer, 0, n))
        }
    }

    @Test
    fun clientClosingMidStreamEndsTheStreamAndCountsADisconnect() {
        server.enqueue(longPacedScript())
        val socket = Socket("127.0.0.1", server.port)
        socket.use { openStream(it, "\" t2\"") }
        // the socket is closed here; the server notices at one of its next writes

        assertTrue(server.awaitActiveStreams(0, Duration.ofSeconds(10)), "stream still active: ${server.activeStreams()}")
        assertEquals(1, server.clientDisconnects())
    }

    @Test
    fun openStreamsAreCountedWhileTheyRun() {
        server.enqueue(longPacedScript(), longPacedScript())
        Socket("127.0.0.1", server.port).use { first ->
            Socket("127.0.0.1", server.port).use { second ->
                openStream(first, "\" t1\"")
                openStream(second, "\" t1\"")

                assertEquals(2, server.activeStreams())
            }
        }
        assertTrue(server.awaitActiveStreams(0, Duration.ofSeconds(10)))
        assertEquals(2, server.clientDisconnects())
    }

    @Test
    fun streamsTheServerClosesItselfAreNotClientDisconnects() {
        server.enqueue(ScriptBuilder().tokens("a", " b").fault(Fault.Stall(1, Duration.ofSeconds(60))).build())
        Socket("127.0.0.1", server.port).use { socket ->
            openStream(socket, "\"a\"")
            assertEquals(1, server.activeStreams())

            server.close()

            assertEquals(0, server.activeStreams())
            assertEquals(0, server.clientDisconnects())
        }
    }

    @Test
    fun finishedStreamsAreNotActiveAndNotDisconnects() {
        repeat(3) { post("${server.openAiBaseUrl}/chat/completions", chatBody("q$it")) }

        assertTrue(server.awaitActiveStreams(0, Duration.ofSeconds(5)))
        assertEquals(0, server.clientDisconnects())
        assertEquals(3, server.requestCount())
    }

    @Test
    fun openConnectionsCountsEveryConnectionUntilEitherSideClosesIt() {
        assertEquals(0, server.openConnections())
        server.enqueue(longPacedScript())
        Socket("127.0.0.1", server.port).use { idle ->
            Socket("127.0.0.1", server.port).use { streaming ->
                openStream(streaming, "\" t1\"")
                assertTrue(awaitOpenConnections(2), "open: ${server.openConnections()}, expected the idle and the streaming one")
            }
            assertTrue(awaitOpenConnections(1), "open: ${server.openConnections()} after the streaming client left")
            assertTrue(idle.isConnected)
        }
        assertTrue(awaitOpenConnections(0), "open: ${server.openConnections()} after both clients left")
    }

    /** Polls [FakeLlmServer.openConnections] until it is [expected], for at most 10 s. */
    private fun awaitOpenConnections(expected: Int): Boolean {
        val deadline = System.nanoTime() + 10_000_000_000L
        while (server.openConnections() != expected) {
            if (System.nanoTime() > deadline) return false
            Thread.sleep(10)
        }
        return true
    }
}
