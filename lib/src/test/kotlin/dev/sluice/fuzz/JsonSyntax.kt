package dev.sluice.fuzz

/**
 * Whether a text is exactly one JSON value (RFC 8259), by the grammar alone: an oracle independent
 * of kotlinx-serialization, whose tree reader also takes a few malformed texts (an array that
 * goes on after its `]`: `[0]1,2]` reads as `[0,1,2]`).
 */
internal object JsonSyntax {
    fun isJson(text: String, maxDepth: Int = 1024): Boolean = try {
        val p = Parser(text, maxDepth)
        p.blanks()
        p.value(0)
        p.blanks()
        p.i == text.length
    } catch (e: NotJson) {
        false
    }

    private class NotJson : RuntimeException(null, null, false, false)

    private class Parser(val s: String, val maxDepth: Int) {
        var i = 0

        fun fail(): Nothing = throw NotJson()

        fun blanks() {
            while (i < s.length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++
        }

        fun take(c: Char): Boolean = if (i < s.length && s[i] == c) { i++; true } else false

        fun value(depth: Int) {
            if (depth > maxDepth || i >= s.length) fail()
            when (s[i]) {
                '{' -> container(depth, '}') { string(); blanks(); if (!take(':')) fail(); blanks(); value(depth + 1) }
                '[' -> container(depth, ']') { value(depth + 1) }
                '"' -> string()
                't' -> word("true")
                'f' -> word("false")
                'n' -> word("null")
                else -> number()
            }
        }

        inline fun container(depth: Int, close: Char, member: () -> Unit) {
            i++
            blanks()
            if (take(close)) return
            while (true) {
                member()
                blanks()
                if (take(close)) return
                if (!take(',')) fail()
                blanks()
            }
        }

        fun word(w: String) {
            if (!s.startsWith(w, i)) fail()
            i += w.length
        }

        fun string() {
            if (!take('"')) fail()
            while (true) {
                if (i >= s.length) fail()
                val c = s[i++]
                when {
                    c == '"' -> return
                    c == '\\' -> {
                        if (i >= s.length) fail()
                        when (s[i++]) {
                            '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> Unit
                            'u' -> repeat(4) { if (i >= s.length || !isHex(s[i])) fail(); i++ }
                            else -> fail()
                        }
                    }
                    c < ' ' -> fail()
                }
            }
        }

        fun number() {
            take('-')
            if (!take('0')) {
                if (i >= s.length || s[i] !in '1'..'9') fail()
                while (i < s.length && s[i] in '0'..'9') i++
            }
            if (take('.')) digits()
            if (i < s.length && (s[i] == 'e' || s[i] == 'E')) {
                i++
                if (i < s.length && (s[i] == '+' || s[i] == '-')) i++
                digits()
            }
        }

        fun digits() {
            val start = i
            while (i < s.length && s[i] in '0'..'9') i++
            if (i == start) fail()
        }

        fun isHex(c: Char) = c in '0'..'9' || c in 'a'..'f' || c in 'A'..'F'
    }
}
