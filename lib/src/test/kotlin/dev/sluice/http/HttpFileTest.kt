package dev.sluice.http

import dev.sluice.testing.RawServer
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import java.io.File
import kotlin.random.Random
import kotlin.test.Test
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

@Timeout(30)
class HttpFileTest {
    @TempDir
    lateinit var dir: File

    @Test
    fun writeToStoresTheBodyAndReportsProgress(): Unit = runBlocking {
        val body = Random(5).nextBytes(200_000)
        RawServer { it.respond(200, "application/octet-stream", body) }.use { server ->
            HttpClient().use { client ->
                val file = File(dir, "out.bin")
                val progress = mutableListOf<Pair<Long, Long>>()
                val written = client.get(server.url).writeTo(file) { soFar, length -> progress += soFar to length }
                assertEquals(body.size.toLong(), written)
                assertContentEquals(body, file.readBytes())
                assertTrue(progress.size > 1)
                assertEquals(body.size.toLong() to body.size.toLong(), progress.last())
                assertEquals(progress.map { it.first }.sorted(), progress.map { it.first })
            }
        }
    }

    @Test
    fun unknownLengthIsReportedAsMinusOne(): Unit = runBlocking {
        RawServer { ex ->
            ex.startChunked(200, "text/plain")
            ex.chunk("abc")
            ex.endChunks()
        }.use { server ->
            HttpClient().use { client ->
                val lengths = mutableListOf<Long>()
                client.get(server.url).writeTo(File(dir, "x")) { _, length -> lengths += length }
                assertEquals(listOf(-1L), lengths)
            }
        }
    }

    @Test
    fun errorStatusLeavesTheFileUntouched(): Unit = runBlocking {
        RawServer { it.respond(403, "text/plain", "forbidden") }.use { server ->
            HttpClient().use { client ->
                val file = File(dir, "never.bin")
                assertEquals(403, assertFailsWith<HttpStatusException> { client.get(server.url).writeTo(file) }.status)
                assertFalse(file.exists())
            }
        }
    }
}
