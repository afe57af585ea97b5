package dev.sluice.internal.llm.structured

import kotlinx.serialization.descriptors.PolymorphicKind
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.descriptors.SerialKind
import kotlinx.serialization.descriptors.StructureKind
import kotlinx.serialization.descriptors.elementDescriptors
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/** The JSON Schema of a kotlinx descriptor; see `ResponseSchema.of(serializer)` for the mapping. */
internal fun schemaOf(descriptor: SerialDescriptor, strict: Boolean): JsonObject = schema(descriptor, strict, HashSet())

@OptIn(kotlinx.serialization.ExperimentalSerializationApi::class) // SerialKind.CONTEXTUAL
private fun schema(d: SerialDescriptor, strict: Boolean, open: MutableSet<String>): JsonObject {
    val base = when (val kind = d.kind) {
        PrimitiveKind.STRING, PrimitiveKind.CHAR -> type("string")
        PrimitiveKind.BOOLEAN -> type("boolean")
        PrimitiveKind.BYTE, PrimitiveKind.SHORT, PrimitiveKind.INT, PrimitiveKind.LONG -> type("integer")
        PrimitiveKind.FLOAT, PrimitiveKind.DOUBLE -> type("number")
        SerialKind.ENUM -> obj("type" to JsonPrimitive("string"), "enum" to JsonArray((0 until d.elementsCount).map { JsonPrimitive(d.getElementName(it)) }))
        StructureKind.LIST -> obj("type" to JsonPrimitive("array"), "items" to schema(d.getElementDescriptor(0), strict, open))
        StructureKind.MAP -> {
            val key = d.getElementDescriptor(0)
            require(key.kind == PrimitiveKind.STRING || key.kind == SerialKind.ENUM) { "map keys of ${d.serialName} must be strings for a JSON Schema" }
            obj("type" to JsonPrimitive("object"), "additionalProperties" to schema(d.getElementDescriptor(1), strict, open))
        }
        StructureKind.CLASS, StructureKind.OBJECT -> objectSchema(d, strict, open)
        is PolymorphicKind, SerialKind.CONTEXTUAL -> throw IllegalArgumentException("${d.serialName} is $kind: no JSON Schema can be derived; give the schema as text")
    }
    return if (d.isNullable) nullable(base) else base
}

private fun objectSchema(d: SerialDescriptor, strict: Boolean, open: MutableSet<String>): JsonObject {
    val id = d.serialName.removeSuffix("?")
    require(open.add(id)) { "$id is recursive: no JSON Schema is derived for recursive types; give the schema as text" }
    val properties = LinkedHashMap<String, JsonElement>()
    val required = ArrayList<JsonPrimitive>()
    d.elementDescriptors.forEachIndexed { i, element ->
        val name = d.getElementName(i)
        properties[name] = schema(element, strict, open)
        if (strict || !d.isElementOptional(i)) required += JsonPrimitive(name)
    }
    open.remove(id)
    return obj(
        "type" to JsonPrimitive("object"),
        "properties" to JsonObject(properties),
        "required" to JsonArray(required),
        "additionalProperties" to JsonPrimitive(false),
    )
}

/** `type: t` becomes `type: [t, "null"]`; anything else is `anyOf: [it, {type: null}]`. */
private fun nullable(schema: JsonObject): JsonObject {
    val t = schema["type"]
    if (t is JsonPrimitive && t.isString && "enum" !in schema) {
        return JsonObject(schema + ("type" to JsonArray(listOf(t, JsonPrimitive("null")))))
    }
    return obj("anyOf" to JsonArray(listOf(schema, type("null"))))
}

private fun type(name: String): JsonObject = obj("type" to JsonPrimitive(name))

private fun obj(vararg fields: Pair<String, JsonElement>): JsonObject = JsonObject(linkedMapOf(*fields))
