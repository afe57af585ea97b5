package dev.sluice.llm.request

import kotlin.io.encoding.Base64
import kotlin.io.encoding.ExperimentalEncodingApi
import java.util.Objects

/**
 * One part of a user message's content: text, an image, a document (PDF) or audio, given by URL
 * or as bytes with their media type. Immutable (bytes are copied in and out).
 *
 * How each provider receives it (an option a provider cannot express fails
 * [ProviderConfig.prepare] with an [LlmRequestException] naming it, before anything is sent):
 *
 * | part | Chat Completions | Responses | Anthropic | Gemini | Ollama |
 * |---|---|---|---|---|---|
 * | text | `{type: text}` | `input_text` | `text` block | `{text}` | `content` |
 * | image URL | `image_url.url` | `input_image.image_url` | `image`, source `url` | `fileData` (media type required) | refused |
 * | image bytes | `image_url.url` as a `data:` URL | `input_image.image_url` as a `data:` URL | `image`, source `base64` | `inlineData` | `images[]` (base64) |
 * | document URL | refused | `input_file.file_url` | `document`, source `url` | `fileData` (media type required) | refused |
 * | document bytes | `file.file_data` (`data:` URL) | `input_file.file_data` (`data:` URL) | `document`, source `base64` | `inlineData` | refused |
 * | audio bytes | `input_audio {data, format}` (wav, mp3) | refused | refused | `inlineData` | refused |
 * | cache control | refused | refused | `cache_control: {type: ephemeral}` | refused | refused |
 *
 * @property kind what the part is.
 * @property text the text of a [PartKind.TEXT] part, else `null`.
 * @property url where the media is, for a part given by URL, else `null`.
 * @property mediaType the media type (`image/png`, `application/pdf`, `audio/wav`), required with
 *   bytes, optional with a URL.
 * @property filename the file name sent with a document (OpenAI wants one), or `null`.
 * @property isCacheControl whether Anthropic is asked to cache the prompt up to this part
 *   (`cache_control: {type: "ephemeral"}`).
 */
public class ContentPart private constructor(
    public val kind: PartKind,
    public val text: String?,
    public val url: String?,
    bytes: ByteArray?,
    public val mediaType: String?,
    public val filename: String?,
    public val isCacheControl: Boolean,
) {
    private val bytes: ByteArray? = bytes?.copyOf()

    /** A copy of the bytes of a part given as bytes, else `null`. */
    public val data: ByteArray? get() = bytes?.copyOf()

    /** Whether the part carries bytes (rather than text or a URL). */
    public val hasData: Boolean get() = bytes != null

    /** The bytes in base64 (standard alphabet, padded), or `null`. */
    // Kotlin's encoder, not java.util.Base64: that one needs Android API 26, Sluice supports 24
    // Experimental only at API level 2.1 (stable, unchanged, from 2.2).
    @OptIn(ExperimentalEncodingApi::class)
    @JvmSynthetic internal fun base64(): String? = bytes?.let { Base64.Default.encode(it) }

    /** The bytes as a `data:` URL, or `null`. */
    @JvmSynthetic internal fun dataUrl(): String? = base64()?.let { "data:$mediaType;base64,$it" }

    /** This part, marked as an Anthropic cache breakpoint (`cache_control: {type: "ephemeral"}`). */
    public fun withCacheControl(): ContentPart = ContentPart(kind, text, url, bytes, mediaType, filename, true)

    /** This part with a file name (documents: OpenAI sends it as `filename`). */
    public fun withFilename(filename: String): ContentPart =
        ContentPart(kind, text, url, bytes, mediaType, Names.requireNonBlank(filename, "filename"), isCacheControl)

    override fun equals(other: Any?): Boolean =
        other is ContentPart && kind == other.kind && text == other.text && url == other.url &&
            bytes.contentEquals(other.bytes) && mediaType == other.mediaType && filename == other.filename &&
            isCacheControl == other.isCacheControl

    override fun hashCode(): Int = Objects.hash(kind, text, url, bytes.contentHashCode(), mediaType, filename, isCacheControl)

    override fun toString(): String = buildString {
        append("ContentPart(").append(kind)
        if (text != null) append(", text=").append(Names.abbreviate(text))
        if (url != null) append(", url=").append(if (url.startsWith("data:")) "data:..." else Names.abbreviate(url))
        if (bytes != null) append(", ").append(bytes.size).append(" bytes")
        if (mediaType != null) append(", ").append(mediaType)
        if (filename != null) append(", filename=").append(filename)
        if (isCacheControl) append(", cacheControl")
        append(')')
    }

    public companion object {
        /** A text part. */
        @JvmStatic
        public fun text(text: String): ContentPart = ContentPart(PartKind.TEXT, text, null, null, null, null, false)

        /** An image at [url] (https or a `data:` URL); [mediaType] is needed by Gemini only. */
        @JvmStatic
        @JvmOverloads
        public fun imageUrl(url: String, mediaType: String? = null): ContentPart =
            ContentPart(PartKind.IMAGE, null, Names.requireNonBlank(url, "image URL"), null, mediaType, null, false)

        /** An image given as bytes of [mediaType] (`image/png`, `image/jpeg`, `image/gif`, `image/webp`). */
        @JvmStatic
        public fun image(data: ByteArray, mediaType: String): ContentPart =
            ContentPart(PartKind.IMAGE, null, null, nonEmpty(data), media(mediaType, "image/"), null, false)

        /** A document (PDF) at [url]; [mediaType] is needed by Gemini only. */
        @JvmStatic
        @JvmOverloads
        public fun documentUrl(url: String, mediaType: String? = null): ContentPart =
            ContentPart(PartKind.DOCUMENT, null, Names.requireNonBlank(url, "document URL"), null, mediaType, null, false)

        /** A document given as bytes of [mediaType] (`application/pdf`, or `text/plain` for Anthropic and Gemini). */
        @JvmStatic
        public fun document(data: ByteArray, mediaType: String): ContentPart =
            ContentPart(PartKind.DOCUMENT, null, null, nonEmpty(data), media(mediaType, ""), null, false)

        /** A PDF document given as bytes. */
        @JvmStatic
        public fun pdf(data: ByteArray): ContentPart = document(data, "application/pdf")

        /** Audio given as bytes of [mediaType] (`audio/wav`, `audio/mpeg`...). */
        @JvmStatic
        public fun audio(data: ByteArray, mediaType: String): ContentPart =
            ContentPart(PartKind.AUDIO, null, null, nonEmpty(data), media(mediaType, "audio/"), null, false)

        private fun nonEmpty(data: ByteArray): ByteArray {
            require(data.isNotEmpty()) { "media bytes are empty" }
            return data
        }

        private fun media(type: String, prefix: String): String {
            val t = Names.trim(type).lowercase()
            require(t.contains('/') && t.startsWith(prefix)) { "media type must be ${prefix.ifEmpty { "type/subtype" }}*, was '$type'" }
            return t
        }
    }
}
