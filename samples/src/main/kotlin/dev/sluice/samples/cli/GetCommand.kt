package dev.sluice.samples.cli

import dev.sluice.DecodeLimits
import dev.sluice.http.HttpStatusException
import dev.sluice.http.HttpClient
import dev.sluice.http.HttpRequest
import dev.sluice.http.SseReconnect
import dev.sluice.sse.SseStreamState
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonPrimitive
import java.io.File
import java.nio.file.Files
import java.nio.file.StandardCopyOption

/** `get URL`: streams a URL as bytes, text, lines, SSE events or NDJSON values, or into a file. */
internal object GetCommand : CliCommand {
    override val name: String = "get"
    override val summary: String = "stream a URL (bytes, text, lines, sse, ndjson) or save it to a file"
    override val usage: String =
        "usage: java -jar sluice-cli.jar get URL [--as bytes|text|lines|sse|ndjson] [--output FILE]\n" +
            "                                    [--method M] [--data BODY|@FILE] [--header 'Name: value']...\n" +
            "\n" +
            "  --as bytes            the body as received (default)\n" +
            "  --as text             the body decoded as UTF-8\n" +
            "  --as lines            one line per line of the body\n" +
            "  --as sse              one JSON object per event, {\"type\":...,\"data\":...,\"id\":...}, then\n" +
            "                        {\"retry\":...,\"last_event_id\":...} (as `decode sse`; one connection, no reconnection)\n" +
            "  --as ndjson           one compact JSON value per line (as `decode ndjson`)\n" +
            "  --output FILE         write the body to FILE, with a progress bar on standard error; the body\n" +
            "                        goes to FILE.part first and is renamed to FILE only once it ended\n" +
            "                        properly: after a failure FILE is untouched and FILE.part keeps what arrived\n" +
            "  --header 'Name: value'  add a request header (repeatable)\n" +
            "  --method M            the request method (default GET, or POST with --data)\n" +
            "  --data BODY|@FILE     send BODY, or the bytes of FILE, as the request body; its type is\n" +
            "                        application/json unless a --header 'Content-Type: ...' says otherwise\n" +
            "\n" +
            "Invalid arguments exit 2 with this usage. Any other failure (a status outside 2xx, a failed\n" +
            "connection, anything else) keeps what was printed, exits 1 and ends standard error with\n" +
            "{\"error\":\"<exception>\",\"status\":<int>|null,\"message\":\"...\"}."

    override fun run(args: List<String>, io: CliIo): Int {
        val options = GetOptions.parse(args)
        return try {
            HttpClient().use { client ->
                val request = try {
                    val base = client.request(options.method, options.url)
                    val withBody = options.body?.let { base.body(it, options.contentType) } ?: base
                    options.headers.filter { (name, _) -> !name.equals("Content-Type", ignoreCase = true) || options.body == null }
                        .fold(withBody) { r, (name, value) -> r.header(name, value) }
                } catch (e: IllegalArgumentException) {
                    throw UsageException(e.message ?: "invalid request")
                }
                runBlocking { fetch(request, options, io) }
            }
        } catch (e: UsageException) {
            throw e
        } catch (e: Throwable) {
            fail(io, null, e, options.credentials())
        }
    }

    private suspend fun fetch(request: HttpRequest, options: GetOptions, io: CliIo): Int {
        var progress: ProgressBar? = null
        val reserve = arrayOf<ByteArray?>(ByteArray(RESERVE_BYTES))
        return try {
            val output = options.output
            if (output != null) {
                progress = ProgressBar(io.err)
                val part = File("$output.part")
                request.writeTo(part, progress)
                Files.move(part.toPath(), File(output).toPath(), StandardCopyOption.REPLACE_EXISTING)
                progress.finish()
            } else {
                print(request, options.kind, io)
            }
            io.out.flush()
            0
        } catch (e: Throwable) {
            reserve[0] = null // room for the error line, even after an OutOfMemoryError
            fail(io, progress, e, options.credentials())
        }
    }

    private suspend fun print(request: HttpRequest, kind: String, io: CliIo) {
        when (kind) {
            "bytes" -> request.bytes().collect {
                io.out.write(it.bytes)
                io.out.flush()
            }
            "text" -> request.text().collect {
                io.out.print(it)
                io.out.flush()
            }
            "lines" -> request.lines().collect {
                io.out.println(it)
                io.out.flush()
            }
            "sse" -> {
                val state = SseStreamState()
                request.sse(SseReconnect(enabled = false), DecodeLimits(), state).collect {
                    io.out.println(sseEventJson(it).toString())
                    io.out.flush()
                }
                io.out.println(sseEndJson(state.retryMillis, state.lastEventId).toString())
            }
            "ndjson" -> request.ndjson().collect {
                io.out.println(it.toString())
                io.out.flush()
            }
        }
    }

    /** The error line `{"error", "status", "message"}`; none of [secrets] shows in it. */
    private fun fail(io: CliIo, progress: ProgressBar?, error: Throwable, secrets: List<String>): Int {
        io.out.flush()
        progress?.abandon()
        val status = (error as? HttpStatusException)?.status?.let { JsonPrimitive(it) } ?: JsonNull
        return io.failWith(error, mapOf("status" to status), secrets)
    }

    /** Values of `--header`s whose name says credential, whole and after `Bearer `/`Basic `. */
    private fun GetOptions.credentials(): List<String> = headers
        .filter { (name, _) -> CREDENTIAL_NAME_PARTS.any { it in name.lowercase() } }
        .flatMap { (_, value) -> listOf(value, value.substringAfter(' ')) }

    private val CREDENTIAL_NAME_PARTS = listOf("auth", "key", "token", "secret", "cookie", "session", "signature", "password", "credential")

    private const val RESERVE_BYTES = 256 * 1024
}
