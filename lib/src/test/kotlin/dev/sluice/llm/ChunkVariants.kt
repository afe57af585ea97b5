package dev.sluice.llm

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlin.random.Random

/**
 * Rewrites recorded event data into equivalent and broken variants, for holding the codecs'
 * tree-free paths to the tree path: the same JSON with other white space, escapes, key order and
 * extra members; known members set to `null`, to other types, or repeated; and texts cut, spoiled
 * or followed by junk. Deterministic for a given [random].
 */
internal class ChunkVariants(private val random: Random) {
    /** One variant of [data]; [rate] is how likely each rewrite is. */
    fun variant(data: String, rate: Double): String {
        val tree = try {
            Json.parseToJsonElement(data)
        } catch (e: IllegalArgumentException) {
            null
        }
        var text = if (tree == null) data else StringBuilder().also { write(reshape(tree, rate, 0), it, rate) }.toString()
        if (chance(rate / 4)) text = spoil(text)
        return text
    }

    private fun chance(p: Double) = random.nextDouble() < p

    /** The tree with members shuffled, added, nulled, retyped, repeated, and texts replaced. */
    private fun reshape(e: JsonElement, rate: Double, depth: Int): Node = when (e) {
        is JsonObject -> {
            var members = e.entries.map { (k, v) -> k to reshapeMember(k, reshape(v, rate, depth + 1), rate) }.toMutableList()
            if (chance(rate)) members.shuffle(random)
            if (chance(rate)) members.add(random.nextInt(members.size + 1), "x_${random.nextInt(1000)}" to randomValue(2))
            // A member the codecs know, where it may or may not belong: a text, null, or anything.
            if (chance(rate)) {
                val value = when (random.nextInt(3)) {
                    0 -> Leaf(JsonPrimitive(randomText()))
                    1 -> Leaf(JsonNull)
                    else -> randomValue(2)
                }
                members.add(random.nextInt(members.size + 1), KNOWN.random(random) to value)
            }
            if (chance(rate / 3) && members.isNotEmpty()) {
                val (k, v) = members[random.nextInt(members.size)]
                members.add(random.nextInt(members.size + 1), k to if (chance(0.5)) v else randomValue(1))
            }
            if (chance(rate / 8)) members.add("error" to randomValue(1))
            if (chance(rate / 8)) members.add("x_groq" to randomValue(1))
            Obj(members)
        }
        is JsonArray -> Arr(e.map { reshape(it, rate, depth + 1) })
        is JsonPrimitive -> Leaf(e)
    }

    private fun reshapeMember(key: String, value: Node, rate: Double): Node = when {
        chance(rate / 4) -> Leaf(JsonNull)
        chance(rate / 6) -> randomValue(1)
        key in TEXTS && value is Leaf && value.value.isString && chance(rate) -> Leaf(JsonPrimitive(randomText()))
        key == "index" && chance(rate / 4) -> Leaf(Json.parseToJsonElement(listOf("-0", "1.0", "1e0", "0", "7", "2147483647", "2147483648", "-1", "\"0\"").random(random)) as JsonPrimitive)
        else -> value
    }

    private fun randomValue(depth: Int): Node = when (random.nextInt(if (depth > 0) 8 else 6)) {
        0 -> Leaf(JsonNull)
        1 -> Leaf(JsonPrimitive(random.nextBoolean()))
        2 -> Leaf(Json.parseToJsonElement(listOf("0", "-12", "3.5", "1e9", "-0.0e-3", "123456789012345678901").random(random)) as JsonPrimitive)
        3, 4 -> Leaf(JsonPrimitive(randomText()))
        5 -> Leaf(JsonPrimitive(""))
        6 -> Arr(List(random.nextInt(3)) { randomValue(depth - 1) })
        else -> Obj(List(random.nextInt(3)) { "k$it" to randomValue(depth - 1) })
    }

    private fun randomText(): String = buildString {
        repeat(random.nextInt(12)) {
            append(
                when (random.nextInt(10)) {
                    0 -> listOf('"', '\\', '/', '\n', '\r', '\t', '\b', '\u000c', '\u0000', '\u001f').random(random)
                    1 -> "é€中😀".random(random) // a lone half of the emoji too
                    2 -> "😀"
                    3 -> '\u2028'
                    else -> ('a' + random.nextInt(26))
                },
            )
        }
    }

    /** Writes [e] as JSON with random white space and escapes. */
    private fun write(e: Node, out: StringBuilder, rate: Double) {
        space(out, rate)
        when (e) {
            is Obj -> {
                out.append('{')
                e.pairs.forEachIndexed { i, (k, v) ->
                    if (i > 0) out.append(',')
                    space(out, rate)
                    string(k, out, rate / 10)
                    space(out, rate)
                    out.append(':')
                    write(v, out, rate)
                }
                space(out, rate)
                out.append('}')
            }
            is Arr -> {
                out.append('[')
                e.items.forEachIndexed { i, v ->
                    if (i > 0) out.append(',')
                    write(v, out, rate)
                }
                space(out, rate)
                out.append(']')
            }
            is Leaf -> if (e.value.isString) string(e.value.content, out, rate) else out.append(e.value.content)
        }
        space(out, rate)
    }

    private fun space(out: StringBuilder, rate: Double) {
        while (chance(rate / 3)) out.append(" \t\r\n"[random.nextInt(4)])
    }

    private fun string(s: String, out: StringBuilder, rate: Double) {
        out.append('"')
        for (c in s) {
            when {
                c == '"' -> out.append("\\\"")
                c == '\\' -> out.append("\\\\")
                c == '\t' && chance(0.3) -> out.append(c) // servers that forget to escape a tab
                c < ' ' || chance(rate / 3) -> escape(c, out)
                c == '/' && chance(0.5) -> out.append("\\/")
                else -> out.append(c)
            }
        }
        out.append('"')
    }

    private fun escape(c: Char, out: StringBuilder) {
        val short = mapOf('\n' to "\\n", '\r' to "\\r", '\t' to "\\t", '\b' to "\\b", '\u000c' to "\\f")[c]
        if (short != null && chance(0.5)) out.append(short) else {
            val hex = String.format("\\u%04x", c.code)
            out.append(if (chance(0.5)) hex else hex.uppercase().replace("\\U", "\\u"))
        }
    }

    /** A broken text: cut, a character dropped or inserted, or junk after it. */
    private fun spoil(text: String): String {
        if (text.isEmpty()) return "{"
        val at = random.nextInt(text.length)
        return when (random.nextInt(5)) {
            0 -> text.substring(0, at)
            1 -> text.removeRange(at, at + 1)
            2 -> text.substring(0, at) + "{}[]\",:\\0a-e.tn"[random.nextInt(15)] + text.substring(at)
            3 -> text + listOf("x", "]", "}", ",", "0", "\"").random(random)
            else -> text.substring(0, at) + "\\" + text.substring(at) // a stray escape
        }
    }

    /** The JSON to write: an object keeps its members as listed, repeated keys included (a map cannot). */
    private sealed interface Node
    private class Obj(val pairs: List<Pair<String, Node>>) : Node
    private class Arr(val items: List<Node>) : Node
    private class Leaf(val value: JsonPrimitive) : Node

    private companion object {
        val KNOWN = listOf(
            "id", "model", "created", "choices", "usage", "index", "delta", "message", "finish_reason", "logprobs",
            "role", "content", "reasoning_content", "reasoning", "refusal", "function_call", "tool_calls", "type", "text",
            "thinking", "signature", "partial_json",
        )
        val TEXTS = setOf(
            "content", "reasoning_content", "reasoning", "refusal", "role", "id", "model", "finish_reason", "text",
            "thinking", "signature", "partial_json",
        )
    }
}
