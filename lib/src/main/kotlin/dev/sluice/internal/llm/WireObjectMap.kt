package dev.sluice.internal.llm

import java.util.AbstractMap.SimpleImmutableEntry
import kotlinx.serialization.json.JsonElement

/**
 * The members of a small JSON object read by [WireJsonParser]: one array in wire order, name then
 * value, instead of a hash table, looked up by scanning (chunks have a handful of members).
 * Read-only; equal to, and hashed and printed as, the `LinkedHashMap` kotlinx would have built.
 */
internal class WireObjectMap(
    private val members: Array<Any?>,
    override val size: Int,
) : AbstractMap<String, JsonElement>() {
    override fun get(key: String): JsonElement? {
        val i = indexOf(key)
        return if (i < 0) null else value(i)
    }

    override fun containsKey(key: String): Boolean = indexOf(key) >= 0

    override fun isEmpty(): Boolean = size == 0

    private fun indexOf(key: String): Int {
        // Strings cache their hash: a name that differs costs a comparison of two ints.
        val hash = key.hashCode()
        for (i in 0 until size) {
            val name = members[2 * i] as String
            if (name === key || (name.hashCode() == hash && name == key)) return i
        }
        return -1
    }

    private fun name(i: Int): String = members[2 * i] as String

    private fun value(i: Int): JsonElement = members[2 * i + 1] as JsonElement

    override val entries: Set<Map.Entry<String, JsonElement>>
        get() = object : AbstractSet<Map.Entry<String, JsonElement>>() {
            override val size: Int get() = this@WireObjectMap.size

            override fun iterator(): Iterator<Map.Entry<String, JsonElement>> = object : Iterator<Map.Entry<String, JsonElement>> {
                private var next = 0

                override fun hasNext(): Boolean = next < size

                override fun next(): Map.Entry<String, JsonElement> {
                    if (next >= size) throw NoSuchElementException()
                    val i = next++
                    return SimpleImmutableEntry(name(i), value(i))
                }
            }
        }

    internal companion object {
        /** Objects with more members than this get a `LinkedHashMap`. */
        const val MAX_SIZE: Int = 16
    }
}
