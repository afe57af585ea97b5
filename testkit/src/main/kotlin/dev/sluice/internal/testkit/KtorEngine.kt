package dev.sluice.internal.testkit

import io.ktor.server.application.ApplicationCallPipeline
import io.ktor.server.cio.CIO
import io.ktor.server.cio.CIOApplicationEngine
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.applicationEnvironment
import io.ktor.server.engine.connector
import io.ktor.server.engine.embeddedServer
import kotlinx.coroutines.runBlocking
import java.io.IOException
import java.net.InetSocketAddress
import java.net.ServerSocket
import org.slf4j.helpers.NOPLogger

/** The Ktor CIO server behind a started FakeLlmServer, reached through its [FrontDoor]. */
internal class RunningEngine(
    private val server: EmbeddedServer<CIOApplicationEngine, CIOApplicationEngine.Configuration>,
    private val frontDoor: FrontDoor,
) {
    val port: Int get() = frontDoor.port

    fun stop() {
        frontDoor.close()
        server.stop(gracePeriodMillis = 0, timeoutMillis = STOP_TIMEOUT_MILLIS)
    }
}

/**
 * Binds 127.0.0.1:[port] (0: a free port) and serves every request with [handler]: Ktor listens
 * on a free private port, and a [FrontDoor] on [port] relays each connection to it.
 */
internal fun startEngine(port: Int, handler: FakeCallHandler): RunningEngine {
    if (port != 0) checkPortFree(port)
    val environment = applicationEnvironment { log = NOPLogger.NOP_LOGGER }
    val server = embeddedServer(CIO, environment, configure = {
        connector {
            host = LOOPBACK
            this.port = 0
        }
        shutdownGracePeriod = 0
        shutdownTimeout = STOP_TIMEOUT_MILLIS
    }) {
        intercept(ApplicationCallPipeline.Call) {
            handler.handle(context)
            finish()
        }
    }
    try {
        server.start(wait = false)
    } catch (e: Exception) {
        runCatching { server.stop(0, 0) }
        throw IllegalStateException("FakeLlmServer could not bind $LOOPBACK:$port: ${e.message}", e)
    }
    val enginePort = runBlocking { server.engine.resolvedConnectors().first().port }
    val frontDoor = try {
        FrontDoor(port, enginePort)
    } catch (e: IOException) {
        runCatching { server.stop(0, 0) }
        throw IllegalStateException("FakeLlmServer could not bind $LOOPBACK:$port: ${e.message}", e)
    }
    handler.frontDoor = frontDoor
    return RunningEngine(server, frontDoor)
}

/** Fails clearly before Ktor tries a taken port (Ktor would also report it on an uncaught-exception handler). */
private fun checkPortFree(port: Int) {
    try {
        ServerSocket().use { it.bind(InetSocketAddress(LOOPBACK, port)) }
    } catch (e: IOException) {
        throw IllegalStateException("FakeLlmServer could not bind $LOOPBACK:$port: ${e.message}", e)
    }
}

private const val LOOPBACK = "127.0.0.1"
private const val STOP_TIMEOUT_MILLIS = 2_000L

