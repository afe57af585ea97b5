package dev.sluice.internal.llm

/**
 * The lexical half of a codec's tree-free fast path: walks one event's data once, reading the few
 * members a codec needs straight from the text, and checks everything else it passes over by the
 * grammar [WireJsonParser] accepts (strings with their escapes, numbers, literals, nesting). It only
 * ever gives up ([giveUp]): whatever it does not fully recognise, the caller hands to the tree path,
 * which accepts or refuses it as always. So a fast path can be narrower than the tree path, never
 * more lenient. Keys with escapes, and nesting deeper than [MAX_SKIP_DEPTH], are not recognised.
 * Not thread-safe.
 */
internal abstract class WireScanner {
    protected var text: String = ""
    protected var pos: Int = 0
    private val escaped = StringBuilder()

    /** The first backslash at or after the last string start looked from; [Int.MAX_VALUE] when there is none. */
    private var backslashAt = -1

    /** Where the last key [readKey] read starts and ends in [text]. */
    protected var keyStart: Int = 0
    protected var keyEnd: Int = 0

    /** Where the last string [readStringRange] passed over starts and ends (the quotes excluded). */
    protected var stringStart: Int = 0
    protected var stringEnd: Int = 0

    /**
     * Reads the whole of [data] with [read] (the subclass's shape, from [pos] 0): its result when
     * only white space follows, `null` when anything is not recognised.
     */
    protected inline fun <T : Any> scanWhole(data: String, read: () -> T): T? {
        begin(data)
        return try {
            read().also { finish() }
        } catch (e: Unrecognised) {
            null
        } finally {
            release()
        }
    }

    protected fun begin(data: String) {
        text = data
        pos = 0
        backslashAt = -1
    }

    /** Checks that nothing but white space follows the value just read. */
    protected fun finish() {
        skipWhitespace()
        if (pos != text.length) giveUp()
    }

    /** Forgets the data. */
    protected fun release() {
        text = ""
    }

    protected fun giveUp(): Nothing = throw Unrecognised

    /** Marks [bit] read in [members]; a member read twice (the tree keeps the last) is not recognised. */
    protected fun once(members: Int, bit: Int): Int {
        if (members and bit != 0) giveUp()
        return members or bit
    }

    protected fun skipWhitespace() {
        pos = whitespaceEnd(text, pos)
    }

    /** The character at [pos], or NUL past the end. */
    protected fun peek(): Char = if (pos < text.length) text[pos] else '\u0000'

    protected fun expect(c: Char) {
        if (peek() != c) giveUp()
        pos++
    }

    /**
     * After `{` or `,`: reads the next key (white space around it and the `:` included) into
     * [keyStart]/[keyEnd], leaving [pos] at its value. A key with an escape is not recognised.
     */
    protected fun readKey() {
        skipWhitespace()
        if (!readStringRange()) giveUp()
        keyStart = stringStart
        keyEnd = stringEnd
        skipWhitespace()
        expect(':')
        skipWhitespace()
    }

    /** Whether the last key read is [name]. */
    protected fun keyIs(name: String): Boolean = keyEnd - keyStart == name.length && text.startsWith(name, keyStart)

    /** After a member's value: `true` when another member follows (`,`), `false` at the closing [close]. */
    protected fun nextMember(close: Char): Boolean {
        skipWhitespace()
        val c = peek()
        pos++
        return when (c) {
            ',' -> true
            close -> false
            else -> giveUp()
        }
    }

    /** After `{` or `[` was consumed: whether the container is empty (its [close] then consumed too). */
    protected fun isEmpty(close: Char): Boolean {
        skipWhitespace()
        if (peek() != close) return false
        pos++
        return true
    }

    /** Reads `null` (returns `true`) or leaves [pos] where it was (returns `false`). */
    protected fun readNull(): Boolean {
        if (!text.startsWith("null", pos)) return false
        pos += 4
        endLiteral()
        return true
    }

    /** A string value or `null`; anything else is not recognised. Escapes are decoded. */
    protected fun readNullableString(): String? {
        if (readNull()) return null
        return readString()
    }

    /** A string value, escapes decoded; anything else is not recognised. */
    protected fun readString(): String {
        if (!readStringRange()) return decodeEscaped()
        return text.substring(stringStart, stringEnd)
    }

    /**
     * Passes over the string at [pos] and sets [stringStart]/[stringEnd]: `true` when it has no
     * escape; `false` when it has one ([pos] is then left at its start for [decodeEscaped]).
     */
    protected fun readStringRange(): Boolean {
        expect('"')
        val t = text
        val start = pos
        // Both searches are the JDK's vectorised indexOf; a backslash is rare, so it is looked for
        // again only once passed, and a string has an escape when the next one comes before its end.
        val end = t.indexOf('"', start)
        if (end < 0) giveUp()
        if (backslashAt < start) backslashAt = t.indexOf('\\', start).let { if (it < 0) Int.MAX_VALUE else it }
        stringStart = start
        if (backslashAt < end) {
            stringEnd = backslashAt
            return false
        }
        stringEnd = end
        pos = end + 1
        return true
    }

    /** The string [readStringRange] found an escape in, decoded as [WireJsonParser] decodes it. */
    private fun decodeEscaped(): String {
        val end = decodeEscapedString(text, stringStart, stringEnd, escaped)
        if (end < 0) giveUp()
        pos = end
        return escaped.toString()
    }

    /**
     * A non-negative integer as [intField] reads one (`0`, or digits without a leading zero, at
     * most [Int.MAX_VALUE]); any other number is not recognised.
     */
    protected fun readIndex(): Int {
        val t = text
        var i = pos
        var value = 0L
        if (i < t.length && t[i] == '0') {
            i++
        } else {
            val start = i
            while (i < t.length && t[i] in '0'..'9' && i - start < 10) value = value * 10 + (t[i++] - '0')
            if (i == start || value > Int.MAX_VALUE) giveUp()
        }
        pos = i
        endLiteral()
        return value.toInt()
    }

    /** A JSON number; its text is then at [stringStart]/[stringEnd]. */
    protected fun readNumberRange() {
        val end = numberEnd(text, pos)
        if (end < 0) giveUp()
        stringStart = pos
        stringEnd = end
        pos = end
        endLiteral()
    }

    /** A literal or number must be followed by a delimiter, as [WireJsonParser] reads it. */
    private fun endLiteral() {
        if (pos < text.length && !endsLiteral(text[pos])) giveUp()
    }

    /** Passes over any JSON value, checking it by the grammar; [depth] counts enclosing containers skipped. */
    protected fun skipValue(depth: Int = 0) {
        when (peek()) {
            '"' -> if (!readStringRange()) decodeEscaped()
            '{' -> {
                if (depth >= MAX_SKIP_DEPTH) giveUp()
                pos++
                if (isEmpty('}')) return
                do {
                    skipWhitespace()
                    if (!readStringRange()) decodeEscaped()
                    skipWhitespace()
                    expect(':')
                    skipWhitespace()
                    skipValue(depth + 1)
                } while (nextMember('}'))
            }
            '[' -> {
                if (depth >= MAX_SKIP_DEPTH) giveUp()
                pos++
                if (isEmpty(']')) return
                do {
                    skipWhitespace()
                    skipValue(depth + 1)
                } while (nextMember(']'))
            }
            't' -> literal("true")
            'f' -> literal("false")
            'n' -> literal("null")
            else -> readNumberRange()
        }
    }

    private fun literal(word: String) {
        if (!text.startsWith(word, pos)) giveUp()
        pos += word.length
        endLiteral()
    }

    /** Unwinds a scan that met something it does not recognise; never escapes the subclass, so no stack. */
    protected object Unrecognised : RuntimeException("not recognised", null, false, false)

    private companion object {
        /** Deeper values are left to the tree path (which allows [MAX_JSON_DEPTH]). */
        const val MAX_SKIP_DEPTH = 32
    }
}
