package dev.sluice.sse

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import java.util.Base64

/** One case of `conformance/sse/cases.json` (copied from the shared conformance suite). */
class ConformanceCase(
    val name: String,
    val bytes: ByteArray,
    val chunkOffsets: List<Int>,
    val events: List<ServerSentEvent>,
    val retry: Long?,
    val lastEventId: String?,
) {
    override fun toString(): String = name

    /** The input split at [chunkOffsets] (one piece when there are none). */
    fun chunks(): List<ByteArray> = splitAt(chunkOffsets)

    fun bytewise(): List<ByteArray> = bytes.map { byteArrayOf(it) }

    fun splitAt(offsets: List<Int>): List<ByteArray> {
        val bounds = listOf(0) + offsets + bytes.size
        return bounds.zipWithNext { a, b -> bytes.copyOfRange(a, b) }
    }

    companion object {
        val all: List<ConformanceCase> by lazy { load() }

        private fun load(): List<ConformanceCase> {
            val text = ConformanceCase::class.java.getResourceAsStream("/conformance/sse/cases.json")!!
                .use { it.readBytes().toString(Charsets.UTF_8) }
            return Json.parseToJsonElement(text).jsonArray.map { parse(it.jsonObject) }
        }

        private fun parse(o: JsonObject): ConformanceCase {
            val b64 = o["input_b64"]
            val bytes = if (b64 != null) {
                Base64.getDecoder().decode(b64.jsonPrimitive.content)
            } else {
                o.getValue("input").jsonPrimitive.content.toByteArray(Charsets.UTF_8)
            }
            val events = o.getValue("events").jsonArray.map { e ->
                val ev = e.jsonObject
                ServerSentEvent(ev.str("type")!!, ev.str("data")!!, ev.str("id"))
            }
            return ConformanceCase(
                name = o.str("name")!!,
                bytes = bytes,
                chunkOffsets = (o["chunks"] as? JsonArray)?.map { it.jsonPrimitive.int } ?: emptyList(),
                events = events,
                retry = o["retry"]?.takeIf { it != JsonNull }?.jsonPrimitive?.long,
                lastEventId = o.str("last_event_id"),
            )
        }

        private fun JsonObject.str(key: String): String? =
            this[key]?.takeIf { it != JsonNull }?.jsonPrimitive?.content
    }
}

/** `null` and `""` are the same last event ID under the spec. */
fun normalizedId(id: String?): String = id ?: ""

fun normalized(events: List<ServerSentEvent>): List<Triple<String, String, String>> =
    events.map { Triple(it.type, it.data, normalizedId(it.id)) }
