package dev.sluice.llm.client

import dev.sluice.testing.RawServer

/**
 * A [RawServer] that answers every request with [response] (raw bytes: status line, headers,
 * body) and then, unless [closeAfterWrite], holds the connection until the client closes it: the
 * misbehaving server a terminal event must protect against ([RawServer.awaitClientsGone] tells
 * whether the client closed).
 */
fun rawServer(response: String, closeAfterWrite: Boolean = false): RawServer = RawServer { ex ->
    ex.output.write(response.toByteArray(Charsets.UTF_8))
    ex.flush()
    if (!closeAfterWrite) ex.awaitClientClose(20_000)
}

/**
 * A 200 SSE response whose body is one chunk of chunked transfer encoding; without [terminate] the
 * final zero-length chunk is never sent, as by a server that keeps the stream open.
 */
fun sseResponse(body: String, terminate: Boolean = false): String {
    val bytes = body.toByteArray(Charsets.UTF_8)
    return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n" +
        "Transfer-Encoding: chunked\r\nx-request-id: req_raw\r\n\r\n" +
        Integer.toHexString(bytes.size) + "\r\n" + body + "\r\n" + (if (terminate) "0\r\n\r\n" else "")
}

fun chatChunk(content: String?, finish: String? = null): String {
    val delta = if (content == null) "{}" else """{"content":"$content"}"""
    val reason = if (finish == null) "null" else "\"$finish\""
    return """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":$delta,"finish_reason":$reason}]}""" + "\n\n"
}
