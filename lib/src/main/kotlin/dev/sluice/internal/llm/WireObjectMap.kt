package dev.sluice.internal.llm

import java.util.AbstractMap.SimpleImmutableEntry
import kotlinx.serialization.json.JsonElement

/**
 * The members of a small JSON object read by [WireJsonParser]: two arrays in wire order instead of
 * a hash table, looked up by scanning (chunks have a handful of members). Read-only; equal to, and
 * hashed and printed as, the `LinkedHashMap` kotlinx would have built.
 */
internal class WireObjectMap(
    private val names: Array<String?>,
    private val items: Array<JsonElement?>,
    override val size: Int,
) : AbstractMap<String, JsonElement>() {
    override fun get(key: String): JsonElement? {
        val i = indexOf(key)
        return if (i < 0) null else items[i]
    }

    override fun containsKey(key: String): Boolean = indexOf(key) >= 0

    override fun isEmpty(): Boolean = size == 0

    private fun indexOf(key: String): Int {
        for (i in 0 until size) if (names[i] == key) return i
        return -1
    }

    override val entries: Set<Map.Entry<String, JsonElement>>
        get() = object : AbstractSet<Map.Entry<String, JsonElement>>() {
            override val size: Int get() = this@WireObjectMap.size

            override fun iterator(): Iterator<Map.Entry<String, JsonElement>> = object : Iterator<Map.Entry<String, JsonElement>> {
                private var next = 0

                override fun hasNext(): Boolean = next < size

                override fun next(): Map.Entry<String, JsonElement> {
                    if (next >= size) throw NoSuchElementException()
                    val i = next++
                    return SimpleImmutableEntry(names[i]!!, items[i]!!)
                }
            }
        }

    internal companion object {
        /** Objects with more members than this get a `LinkedHashMap`. */
        const val MAX_SIZE: Int = 16
    }
}
