package dev.sluice.testkit

import dev.sluice.internal.testkit.lastUserMessage
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.contentOrNull

/**
 * One request the fake server received, recorded before it was answered, so tests can check
 * what a client sent (auth headers, body fields).
 *
 * @property method the HTTP method, upper case.
 * @property path the path without the query string, e.g. `/v1/chat/completions`.
 * @property query the raw query string without `?`, or `""`.
 * @property body the request body as text (UTF-8), `""` when there was none.
 * @property format the API the path belongs to, or `null` for an unknown path.
 */
public class RecordedRequest internal constructor(
    public val method: String,
    public val path: String,
    public val query: String,
    headers: Map<String, List<String>>,
    public val body: String,
    public val format: WireFormat?,
) {
    private val headers: Map<String, List<String>> =
        headers.entries.associate { (name, values) -> name.lowercase() to values.toList() }

    private val json: JsonObject? by lazy {
        try {
            Json.parseToJsonElement(body) as? JsonObject
        } catch (e: IllegalArgumentException) {
            null
        }
    }

    /** The first value of header [name] (case-insensitive), or `null`. */
    public fun header(name: String): String? = headers[name.lowercase()]?.firstOrNull()

    /** All values of header [name] (case-insensitive); empty when absent. */
    public fun headerValues(name: String): List<String> = headers[name.lowercase()] ?: emptyList()

    /** The header names, lower case. */
    public fun headerNames(): Set<String> = headers.keys

    /** Whether the body is a JSON object. */
    public fun isJson(): Boolean = json != null

    /**
     * The JSON text of the top-level body field [name] (strings keep their quotes:
     * `"gpt-4o"`, objects come back compact: `{"include_usage":true}`), or `null` when the
     * field is absent or the body is not a JSON object.
     */
    public fun jsonField(name: String): String? = json?.get(name)?.toString()

    /** The body field [name] when it is a JSON string, else `null`. */
    public fun stringField(name: String): String? = (json?.get(name) as? JsonPrimitive)?.takeIf { it.isString }?.contentOrNull

    /** The request's `model` (for Gemini, the model in the path), or `null`. */
    public fun model(): String? =
        if (format == WireFormat.GEMINI) geminiModel(path) else stringField("model")

    /**
     * Whether the body asks for a stream (`"stream": true`; for Ollama, unless `"stream": false`;
     * for Gemini, the path's `:streamGenerateContent`).
     */
    public fun isStream(): Boolean {
        if (format == WireFormat.GEMINI) return path.contains("streamGenerateContent")
        val stream = (json?.get("stream") as? JsonPrimitive)?.booleanOrNull
        return stream ?: (format == WireFormat.OLLAMA)
    }

    /** The text of the last user message (`messages` or Responses `input`), or `null`. */
    public fun lastUserMessage(): String? = lastUserMessage(json)

    /** The body as a JSON object for Kotlin callers, or `null` when it is not one. */
    @JvmSynthetic
    public fun bodyJson(): JsonObject? = json

    override fun toString(): String = "RecordedRequest($method $path${if (query.isEmpty()) "" else "?$query"}, ${body.length} chars)"
}

private val GEMINI_MODEL = Regex("/models/([^/]+?)(?::|%3A|%3a)(?:streamGenerateContent|generateContent)$")

/** The model named in a Gemini path (`/v1beta/models/{model}:streamGenerateContent`), decoded. */
private fun geminiModel(path: String): String? =
    GEMINI_MODEL.find(path)?.groupValues?.get(1)?.let { java.net.URLDecoder.decode(it, "UTF-8") }
