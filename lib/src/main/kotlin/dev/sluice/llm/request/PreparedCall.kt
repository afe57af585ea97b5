package dev.sluice.llm.request

import dev.sluice.internal.secrets.Redaction
import java.util.Collections

/**
 * A request resolved for sending: `POST` URL, headers (including the API key), JSON body, and how
 * the answer will be streamed. Made by [ProviderConfig.prepare]; send it with Sluice's HTTP client
 * or any other.
 *
 * [toString] redacts credential headers, the URL's user info and secret query values, and leaves
 * out the body.
 *
 * @property provider the provider the call is shaped for.
 * @property request the request this call was prepared from.
 * @property url the endpoint, e.g. `https://api.openai.com/v1/chat/completions`.
 * @property body the JSON body as text.
 * @property isStream whether the body asks for a streamed answer.
 */
public class PreparedCall internal constructor(
    public val provider: Provider,
    public val request: ChatRequest,
    public val url: String,
    headers: Map<String, String>,
    public val body: String,
    public val isStream: Boolean,
    private val apiKey: ApiKey?,
) {
    /** Headers to send, in order, with their real values (the API key included). */
    public val headers: Map<String, String> = Collections.unmodifiableMap(LinkedHashMap(headers))

    /** Always `POST`. */
    public val method: String get() = "POST"

    /** The JSON body as UTF-8 bytes (a new array each call). */
    public val bodyBytes: ByteArray get() = body.toByteArray(Charsets.UTF_8)

    /** How a streamed answer is framed ([Provider.getStreamFormat]). */
    public val streamFormat: StreamFormat get() = provider.streamFormat

    override fun toString(): String =
        "PreparedCall(POST ${Redaction.url(url)}, provider=$provider, " +
            "stream=${if (isStream) provider.streamFormat.toString() else "false"}, " +
            "headers=${Redaction.headers(headers, apiKey)}, body=${body.length} chars)"
}
