package dev.sluice.testkit

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.net.HttpURLConnection
import java.net.URL

/** What a plain HttpURLConnection saw: status, headers, the body read (all of it, or up to [failure]). */
internal class HttpResult(
    val status: Int,
    val headers: Map<String, List<String>>,
    val body: String,
    val failure: IOException?,
) {
    fun header(name: String): String? = headers.entries.firstOrNull { it.key?.equals(name, ignoreCase = true) == true }?.value?.firstOrNull()

    fun json(): JsonObject = Json.parseToJsonElement(body).jsonObject
}

/** POSTs [body] over loopback; never throws for an HTTP status or a broken body, only for connect/first-byte failures. */
internal fun post(
    url: String,
    body: String,
    headers: Map<String, String> = emptyMap(),
    readTimeoutMillis: Int = 5_000,
): HttpResult {
    val connection = URL(url).openConnection() as HttpURLConnection
    connection.requestMethod = "POST"
    connection.doOutput = true
    connection.connectTimeout = 5_000
    connection.readTimeout = readTimeoutMillis
    connection.setRequestProperty("Content-Type", "application/json")
    headers.forEach { (k, v) -> connection.setRequestProperty(k, v) }
    try {
        connection.outputStream.use { it.write(body.toByteArray(Charsets.UTF_8)) }
        val status = connection.responseCode
        val stream = if (status >= 400) connection.errorStream else connection.inputStream
        val out = ByteArrayOutputStream()
        var failure: IOException? = null
        try {
            stream?.use { input ->
                val buffer = ByteArray(8192)
                while (true) {
                    val n = input.read(buffer)
                    if (n < 0) break
                    out.write(buffer, 0, n)
                }
            }
        } catch (e: IOException) {
            failure = e
        }
        return HttpResult(status, connection.headerFields.filterKeys { it != null }, out.toString("UTF-8"), failure)
    } finally {
        connection.disconnect()
    }
}

/** One SSE event as the fake server writes them: optional `event:` line, one `data:` line. */
internal class Sse(val event: String?, val data: String) {
    fun json(): JsonObject = Json.parseToJsonElement(data).jsonObject

    override fun toString(): String = "Sse($event, $data)"
}

/** Splits an SSE body the fake server wrote (LF line ends, blank line between events). */
internal fun parseSse(body: String): List<Sse> {
    require(body.isEmpty() || body.endsWith("\n\n")) { "SSE body does not end with a blank line: ...${body.takeLast(80)}" }
    return body.split("\n\n").filter { it.isNotEmpty() }.map { block ->
        var event: String? = null
        var data: String? = null
        block.split("\n").forEach { line ->
            when {
                line.startsWith("event: ") -> event = line.removePrefix("event: ")
                line.startsWith("data: ") -> {
                    check(data == null) { "two data lines in one event: $block" }
                    data = line.removePrefix("data: ")
                }
                else -> error("unexpected SSE line: $line")
            }
        }
        Sse(event, data ?: error("event without data: $block"))
    }
}

internal fun chatBody(prompt: String, stream: Boolean = true, includeUsage: Boolean = false, model: String = "gpt-test"): String {
    val usage = if (includeUsage) ""","stream_options":{"include_usage":true}""" else ""
    return """{"model":"$model","stream":$stream$usage,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":${JsonPrimitive(prompt)}}]}"""
}

/** The raw bytes of one HTTP/1.1 exchange on a plain socket, up to EOF (or a reset, noted at the end). */
internal fun rawPost(port: Int, path: String, body: String, readTimeoutMillis: Int = 5_000): String {
    java.net.Socket("127.0.0.1", port).use { socket ->
        socket.soTimeout = readTimeoutMillis
        val bytes = body.toByteArray(Charsets.UTF_8)
        val head = "POST $path HTTP/1.1\r\nHost: 127.0.0.1:$port\r\nContent-Type: application/json\r\n" +
            "Content-Length: ${bytes.size}\r\nConnection: close\r\n\r\n"
        socket.getOutputStream().write(head.toByteArray(Charsets.US_ASCII) + bytes)
        val out = ByteArrayOutputStream()
        try {
            val buffer = ByteArray(8192)
            val input = socket.getInputStream()
            while (true) {
                val n = input.read(buffer)
                if (n < 0) break
                out.write(buffer, 0, n)
            }
        } catch (e: java.net.SocketException) {
            return out.toString("UTF-8") + "<reset>"
        }
        return out.toString("UTF-8")
    }
}
