package dev.sluice.llm

import dev.sluice.internal.llm.parseWireJson
import kotlinx.serialization.json.JsonElement

/**
 * The provider's own event a [LlmEvent] was decoded from: what arrived on the wire, unchanged.
 * Several neutral events decoded from one wire event share the same instance.
 *
 * @property type the SSE event type (`"message"` when the stream set none); `null` for NDJSON lines.
 * @property data the event's data: the JSON text (or `[DONE]`), exactly as received.
 */
public class LlmRawEvent(
    public val type: String?,
    public val data: String,
) {
    /**
     * The parsed [data], shared by the codec and the accumulator; `null` when not JSON. A codec
     * that decoded the data without the tree leaves it to be parsed on first read.
     */
    @get:JvmSynthetic @set:JvmSynthetic internal var json: JsonElement?
        get() {
            val known = jsonOrPending
            if (known !== Pending) return known as JsonElement?
            return parseWireJson(data).json.also { jsonOrPending = it }
        }
        set(value) {
            jsonOrPending = value
        }

    /** [json], or [Pending] until it is first read; volatile, as a raw event may be read on any thread. */
    @Volatile private var jsonOrPending: Any? = null

    /** Marks [json] as not parsed yet: it is parsed from [data] when first read. */
    @JvmSynthetic internal fun parseJsonLazily() {
        jsonOrPending = Pending
    }

    /** What a codec's tree-free path read from [data], for the provider's renderer; `null` otherwise. */
    @get:JvmSynthetic @set:JvmSynthetic internal var scanned: Any? = null

    /**
     * The OpenAI Responses `sequence_number` of this event (every Responses event has one: the
     * cursor a background stream resumes after), or `null` for other providers.
     */
    public var sequenceNumber: Long? = null
        @JvmSynthetic internal set

    /** The stream offset of the wire event's first byte when known, else -1. */
    @get:JvmSynthetic @set:JvmSynthetic internal var offset: Long = -1

    /** The marker of a raw event whose tree is not parsed yet. */
    private object Pending

    override fun equals(other: Any?): Boolean = other is LlmRawEvent && other.type == type && other.data == data

    override fun hashCode(): Int = (type?.hashCode() ?: 0) * 31 + data.hashCode()

    override fun toString(): String = if (type == null) "LlmRawEvent($data)" else "LlmRawEvent(type=$type, data=$data)"
}
