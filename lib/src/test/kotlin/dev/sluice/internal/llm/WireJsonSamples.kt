package dev.sluice.internal.llm

import java.util.Random

/** Random JSON texts, most of them slightly broken, for comparing JSON readers. */
internal object WireJsonSamples {
    private val strings = listOf("", "a", "content", "\\\"", "\\\\", "\\/", "\\n\\t", "\\u0041", "\\uD83D\\uDE00", "\\uD800", "é€", "\uD83D\uDE00", "[{", "\\u00e9x")
    private val numbers = listOf("0", "-0", "1", "-12", "3.25", "1e9", "-2.5E-3", "10000000000000000000000", "0.0")
    private val noise = listOf("", " ", "\t", "\n", ",", ":", "[", "]", "{", "}", "\"", "\\", "x", "0", "-", ".", "e", "tru", "\u0001", "\u007f", "\uFEFF", "nul")

    fun value(random: Random, depth: Int): String = when (if (depth > 4) random.nextInt(4) else random.nextInt(7)) {
        0 -> "\"" + strings[random.nextInt(strings.size)] + "\""
        1 -> numbers[random.nextInt(numbers.size)]
        2 -> listOf("true", "false", "null")[random.nextInt(3)]
        3 -> "\"" + strings[random.nextInt(strings.size)] + strings[random.nextInt(strings.size)] + "\""
        4, 5 -> (0 until random.nextInt(4)).joinToString(ws(random) + "," + ws(random), "{" + ws(random), ws(random) + "}") {
            "\"" + strings[random.nextInt(4)] + "\"" + ws(random) + ":" + ws(random) + value(random, depth + 1)
        }
        else -> (0 until random.nextInt(4)).joinToString("," + ws(random), "[" + ws(random), ws(random) + "]") { value(random, depth + 1) }
    }

    private fun ws(random: Random): String = if (random.nextInt(4) == 0) listOf(" ", "\n", "\t", "\r\n ")[random.nextInt(4)] else ""

    /** A random value, left intact a third of the time, else with a few characters inserted, deleted or replaced. */
    fun mutated(random: Random): String {
        val text = StringBuilder(ws(random) + value(random, 0) + ws(random))
        if (random.nextInt(3) == 0) return text.toString()
        repeat(1 + random.nextInt(3)) {
            val at = random.nextInt(text.length + 1)
            when (random.nextInt(3)) {
                0 -> text.insert(at, noise[random.nextInt(noise.size)])
                1 -> if (at < text.length) text.deleteCharAt(at)
                else -> if (at < text.length) text.setCharAt(at, noise[random.nextInt(noise.size)].firstOrNull() ?: ' ')
            }
        }
        return text.toString()
    }
}
