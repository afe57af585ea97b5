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
import dev.sluice.redactUrl
import java.io.File

/** `get URL`: streams a URL as bytes, text, lines, SSE events or NDJSON values, or into a file. */
internal object GetCommand : CliCommand {
    override val name: String = "get"
    override val summary: String = "stream a URL (bytes, text, lines, sse, ndjson) or save it to a file"
    override val usage: String =
        "usage: java -jar sluice-cli.jar get URL [--as bytes|text|lines|sse|ndjson] [--output FILE] [--header 'Name: value']...\n" +
            "\n" +
            "  --as bytes            the body as received (default)\n" +
            "  --as text             the body decoded as UTF-8\n" +
            "  --as lines            one line per line of the body\n" +
            "  --as sse              one JSON object per event, {\"type\":...,\"data\":...,\"id\":...}, then\n" +
            "                        {\"retry\":...,\"last_event_id\":...} (as `decode sse`; one connection, no reconnection)\n" +
            "  --as ndjson           one compact JSON value per line (as `decode ndjson`)\n" +
            "  --output FILE         write the body to FILE, with a progress bar on standard error\n" +
            "  --header 'Name: value'  add a request header (repeatable)\n" +
            "\n" +
            "Invalid arguments exit 2 with this usage. Any other failure (a status outside 2xx, a failed\n" +
            "connection, anything else) keeps what was printed, exits 1 and ends standard error with\n" +
            "{\"error\":\"<exception>\",\"status\":<int>|null,\"message\":\"...\"}."

    override fun run(args: List<String>, io: CliIo): Int {
        val options = GetOptions.parse(args)
        return try {
            HttpClient().use { client ->
                val request = try {
                    options.headers.fold(client.get(options.url)) { r, (name, value) -> r.header(name, value) }
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
                request.writeTo(File(output), progress)
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

/** The arguments of `get`; `--header` may repeat, every other option once. */
internal class GetOptions(val url: String, val kind: String, val output: String?, val headers: List<Pair<String, String>>) {
    companion object {
        private val KINDS = listOf("bytes", "text", "lines", "sse", "ndjson")

        fun parse(args: List<String>): GetOptions {
            var url: String? = null
            var kind: String? = null
            var output: String? = null
            val headers = ArrayList<Pair<String, String>>()
            var i = 0
            while (i < args.size) {
                val arg = args[i]
                val eq = arg.indexOf('=')
                val name = if (arg.startsWith("--") && eq > 0) arg.substring(0, eq) else arg
                fun value(): String = if (name != arg) {
                    arg.substring(eq + 1)
                } else {
                    i++
                    args.getOrNull(i) ?: throw UsageException("$name wants a value")
                }
                when {
                    name == "--as" -> {
                        if (kind != null) throw UsageException("--as given twice")
                        kind = value().also {
                            if (it !in KINDS) throw UsageException("--as wants one of ${KINDS.joinToString("|")}; got '$it'")
                        }
                    }
                    name == "--output" -> {
                        if (output != null) throw UsageException("--output given twice")
                        output = value().ifEmpty { throw UsageException("--output wants a file name") }
                    }
                    name == "--header" -> headers += parseHeader(value())
                    arg.startsWith("-") -> throw UsageException("unknown argument '$arg'")
                    url == null -> url = arg.ifBlank { throw UsageException("URL is empty") }
                    else -> throw UsageException("one URL only; got '${redactUrl(url)}' and '${redactUrl(arg)}'")
                }
                i++
            }
            if (url == null) throw UsageException("missing URL")
            if (output != null && kind != null && kind != "bytes") {
                throw UsageException("--output writes the raw body; it cannot be combined with --as $kind")
            }
            return GetOptions(url, kind ?: "bytes", output, headers)
        }

        private fun parseHeader(text: String): Pair<String, String> {
            val colon = text.indexOf(':')
            // The text is not echoed: it may be a credential typed without its colon.
            if (colon <= 0) throw UsageException("--header wants 'Name: value' (a name, a colon, then the value)")
            return text.substring(0, colon).trim() to text.substring(colon + 1).trim()
        }
    }
}
