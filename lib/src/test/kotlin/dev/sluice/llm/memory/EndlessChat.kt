package dev.sluice.llm.memory

import dev.sluice.testing.RawServer
import java.io.BufferedOutputStream

/**
 * A [RawServer] answering every request with a Chat Completions stream of [totalChars]
 * characters of text in 1,000-character chunks, generated on the fly (never held in memory), then
 * `[DONE]`. It stops writing when the client closes the connection. Its base URL is `url + "/v1"`.
 */
fun endlessChatServer(totalChars: Long): RawServer = RawServer { ex ->
    val out = BufferedOutputStream(ex.output, 64 * 1024)
    out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n".toByteArray())
    val piece = "x".repeat(999) + " "
    val chunk = "data: {\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"$piece\"}}]}\n\n".toByteArray()
    var sent = 0L
    while (sent < totalChars) {
        out.write(chunk) // throws once the client has closed the connection: the server stops
        sent += piece.length
    }
    out.write("data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n".toByteArray())
    out.flush()
}
