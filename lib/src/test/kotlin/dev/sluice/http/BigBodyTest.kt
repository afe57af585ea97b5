package dev.sluice.http

import dev.sluice.testing.RawServer
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.Tag
import java.io.File
import java.util.concurrent.TimeUnit
import kotlin.test.Test
import kotlin.test.assertContains
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/**
 * Memory stays constant whatever the body size: a 1 GiB body streams through the bytes view in a
 * JVM limited to a 64 MiB heap (a forked process, so the limit is real).
 */
@Tag("soak") // a forked JVM streaming hundreds of MiB: its own CI step, not the default tier
class BigBodyTest {
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    fun oneGibibyteStreamsThroughTheBytesViewWithA64MiBHeap() {
        val size = 1L shl 30
        val block = ByteArray(64 * 1024) { (it % 251).toByte() }
        RawServer { ex ->
            ex.head(200, mapOf("Content-Type" to "application/octet-stream", "Content-Length" to size.toString()))
            var sent = 0L
            while (sent < size) {
                ex.write(block)
                sent += block.size
            }
            ex.flush()
        }.use { server ->
            val output = File.createTempFile("big-body", ".txt")
            try {
                val java = File(System.getProperty("java.home"), "bin/java").path
                val process = ProcessBuilder(
                    java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    "dev.sluice.http.BigBodyClient", server.url + "/gib", size.toString(),
                ).redirectErrorStream(true).redirectOutput(output).start()
                val finished = process.waitFor(240, TimeUnit.SECONDS)
                if (!finished) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)
                val log = output.readText()
                println("forked 1 GiB client: ${log.trim()}")
                assertTrue(finished, "the forked client did not finish in 240 s: $log")
                assertEquals(0, process.exitValue(), log)
                assertContains(log, "bytes=$size ")
            } finally {
                output.delete()
            }
        }
    }
}
