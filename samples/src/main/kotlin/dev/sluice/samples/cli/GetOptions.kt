package dev.sluice.samples.cli

import dev.sluice.redactUrl
import java.io.File
import java.io.IOException

/**
 * The arguments of `get`; `--header` may repeat, every other option once. [body] is the bytes of
 * `--data` (read from the file for `--data @FILE`), sent with [contentType].
 */
internal class GetOptions(
    val url: String,
    val kind: String,
    val output: String?,
    val headers: List<Pair<String, String>>,
    val method: String,
    val body: ByteArray?,
) {
    /** The `Content-Type` header given, else JSON (what LLM endpoints, the fake's included, take). */
    val contentType: String
        get() = headers.lastOrNull { (name, _) -> name.equals("Content-Type", ignoreCase = true) }?.second ?: "application/json"

    companion object {
        private val KINDS = listOf("bytes", "text", "lines", "sse", "ndjson")
        private val METHOD = Regex("[A-Za-z]+")

        fun parse(args: List<String>): GetOptions {
            var url: String? = null
            var kind: String? = null
            var output: String? = null
            var method: String? = null
            var data: String? = null
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
                    name == "--method" -> {
                        if (method != null) throw UsageException("--method given twice")
                        method = value().also {
                            if (!METHOD.matches(it)) throw UsageException("--method wants a method name such as POST; got '$it'")
                        }.uppercase()
                    }
                    name == "--data" -> {
                        if (data != null) throw UsageException("--data given twice")
                        data = value()
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
            val body = data?.let { readData(it) }
            return GetOptions(url, kind ?: "bytes", output, headers, method ?: if (body != null) "POST" else "GET", body)
        }

        /** `@FILE` is the file's bytes; anything else is the text itself, as UTF-8. */
        private fun readData(data: String): ByteArray {
            if (!data.startsWith("@")) return data.toByteArray(Charsets.UTF_8)
            val file = File(data.substring(1))
            return try {
                file.readBytes()
            } catch (e: IOException) {
                throw UsageException("--data cannot read '${file.path}': ${e.message ?: e.javaClass.simpleName}")
            }
        }

        private fun parseHeader(text: String): Pair<String, String> {
            val colon = text.indexOf(':')
            // The text is not echoed: it may be a credential typed without its colon.
            if (colon <= 0) throw UsageException("--header wants 'Name: value' (a name, a colon, then the value)")
            return text.substring(0, colon).trim() to text.substring(colon + 1).trim()
        }
    }
}
