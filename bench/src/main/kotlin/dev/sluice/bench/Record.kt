package dev.sluice.bench

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.double
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import java.io.File

/**
 * One measurement of `bench/results/latest.json` (the contract other checks read): [library]
 * contains `sluice` for ours and the peer's artifact name otherwise; [metric] is `throughput`
 * (MB/s), `alloc` (B/event) or a load figure; [error] is the 99.9% half-interval JMH reports, or
 * null where there is none (load figures are single runs). A figure that could not be measured
 * (NaN: no token arrived, the heap was never sampled with every stream open) is left out.
 */
public data class Record(
    val name: String,
    val library: String,
    val input: String,
    val metric: String,
    val value: Double,
    val unit: String,
    val error: Double?,
) {
    public fun toJson(): JsonObject = buildJsonObject {
        put("name", name)
        put("library", library)
        put("input", input)
        put("metric", metric)
        put("value", value)
        put("unit", unit)
        put("error", error?.let(::JsonPrimitive) ?: JsonNull)
    }

    public companion object {
        public fun fromJson(o: JsonObject): Record = Record(
            o["name"]!!.jsonPrimitive.content,
            o["library"]!!.jsonPrimitive.content,
            o["input"]!!.jsonPrimitive.content,
            o["metric"]!!.jsonPrimitive.content,
            o["value"]!!.jsonPrimitive.double,
            o["unit"]!!.jsonPrimitive.content,
            (o["error"] as? JsonPrimitive)?.doubleOrNull,
        )

        public fun write(file: File, records: List<Record>) {
            file.parentFile?.mkdirs()
            val pretty = Json { prettyPrint = true }
            file.writeText(pretty.encodeToString(JsonArray.serializer(), buildJsonArray { records.filter { it.value.isFinite() }.forEach { add(it.toJson()) } }) + "\n")
        }

        public fun read(file: File): List<Record> =
            Json.parseToJsonElement(file.readText()).jsonArray.map { fromJson(it.jsonObject) }
    }
}
