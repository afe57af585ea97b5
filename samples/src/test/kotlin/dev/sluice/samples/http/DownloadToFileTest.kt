package dev.sluice.samples.http

import dev.sluice.samples.cli.TinyHttpServer
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.io.TempDir
import java.io.File
import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith

@Timeout(30)
class DownloadToFileTest {
    @TempDir
    lateinit var dir: File

    @Test
    fun downloadsWithPercentProgress() {
        val body = ByteArray(123_456) { (it * 7).toByte() }
        TinyHttpServer { TinyHttpServer.Response(200, "application/octet-stream", body) }.use { server ->
            val file = File(dir, "f.bin")
            val percents = mutableListOf<Long>()
            assertEquals(body.size.toLong(), DownloadToFile.download(server.url + "/f", file) { synchronized(percents) { percents += it } })
            assertContentEquals(body, file.readBytes())
            assertEquals(100L, synchronized(percents) { percents.last() })
        }
    }

    @Test
    fun refusedDownloadNamesTheStatus() {
        TinyHttpServer { TinyHttpServer.Response(410, "text/plain", "gone for good") }.use { server ->
            val error = assertFailsWith<IllegalStateException> { DownloadToFile.download(server.url, File(dir, "x")) { } }
            assertContains(error.message!!, "HTTP 410 gone for good")
        }
    }
}
