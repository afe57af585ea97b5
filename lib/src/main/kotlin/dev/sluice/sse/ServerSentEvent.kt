package dev.sluice.sse

/**
 * One dispatched Server-Sent Event, as the WHATWG algorithm assembles it.
 *
 * @property type the event type; `"message"` when the stream set none.
 * @property data the data lines joined with `\n`.
 * @property id the last event ID at dispatch; `null` until an `id` field was accepted.
 */
public class ServerSentEvent(
    public val type: String,
    public val data: String,
    public val id: String?,
) {
    /**
     * The stream offset of the event's first line (from 0), when a Sluice decoder produced it; -1
     * otherwise. Used to say where a bad payload sits; not part of equality.
     */
    @get:JvmSynthetic @set:JvmSynthetic internal var offset: Long = -1

    override fun equals(other: Any?): Boolean =
        other is ServerSentEvent && other.type == type && other.data == data && other.id == id

    override fun hashCode(): Int = (type.hashCode() * 31 + data.hashCode()) * 31 + (id?.hashCode() ?: 0)

    override fun toString(): String = "ServerSentEvent(type=$type, data=$data, id=$id)"
}
