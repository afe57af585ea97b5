package dev.sluice.llm

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
    /** The parsed [data], shared by the codec and the accumulator; `null` when not JSON. */
    @get:JvmSynthetic @set:JvmSynthetic internal var json: JsonElement? = null

    /**
     * The OpenAI Responses `sequence_number` of this event (every Responses event has one: the
     * cursor a background stream resumes after), or `null` for other providers.
     */
    public var sequenceNumber: Long? = null
        @JvmSynthetic internal set

    /** The stream offset of the wire event's first byte when known, else -1. */
    @get:JvmSynthetic @set:JvmSynthetic internal var offset: Long = -1

    override fun equals(other: Any?): Boolean = other is LlmRawEvent && other.type == type && other.data == data

    override fun hashCode(): Int = (type?.hashCode() ?: 0) * 31 + data.hashCode()

    override fun toString(): String = if (type == null) "LlmRawEvent($data)" else "LlmRawEvent(type=$type, data=$data)"
}
