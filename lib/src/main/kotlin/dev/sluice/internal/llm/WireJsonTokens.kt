package dev.sluice.internal.llm

/** The lexical pieces of [WireJsonParser] that need no parser state. */

/**
 * Where the JSON number starting at [start] of [text] ends, by the RFC 8259 grammar
 * `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`; -1 when no number starts there.
 */
internal fun numberEnd(text: String, start: Int): Int {
    var i = start
    val n = text.length
    if (i < n && text[i] == '-') i++
    if (i >= n) return -1
    when (text[i]) {
        '0' -> i++
        in '1'..'9' -> while (i < n && text[i] in '0'..'9') i++
        else -> return -1
    }
    if (i < n && text[i] == '.') {
        val digits = ++i
        while (i < n && text[i] in '0'..'9') i++
        if (i == digits) return -1
    }
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        i++
        if (i < n && (text[i] == '+' || text[i] == '-')) i++
        val digits = i
        while (i < n && text[i] in '0'..'9') i++
        if (i == digits) return -1
    }
    return i
}

/** The value of hex digit [c], or -1. */
internal fun hexValue(c: Char): Int = when (c) {
    in '0'..'9' -> c - '0'
    in 'a'..'f' -> c - 'a' + 10
    in 'A'..'F' -> c - 'A' + 10
    else -> -1
}

/**
 * Whether [c] ends an unquoted literal as kotlinx reads one (white space, control characters, JSON
 * punctuation, a quote or a backslash). Any other character after `true` or a number would make
 * kotlinx read a longer word, which is not JSON.
 */
internal fun endsLiteral(c: Char): Boolean =
    c <= ' ' || c == ',' || c == ':' || c == '{' || c == '}' || c == '[' || c == ']' || c == '"' || c == '\\'

/** Where the JSON white space starting at [start] of [text] ends. */
internal fun whitespaceEnd(text: String, start: Int): Int {
    var i = start
    while (i < text.length) {
        val c = text[i]
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break
        i++
    }
    return i
}

/**
 * Decodes the rest of a JSON string whose characters start at [start] and whose first escape is at
 * [at], appending it to [out] (cleared first): the index after its closing quote, or -1 when it
 * is cut or has an escape JSON does not have.
 */
internal fun decodeEscapedString(text: String, start: Int, at: Int, out: StringBuilder): Int {
    out.setLength(0)
    out.append(text, start, at)
    var i = at
    while (true) {
        if (i >= text.length) return -1
        val c = text[i++]
        when (c) {
            '"' -> return i
            '\\' -> {
                if (i >= text.length) return -1
                when (text[i++]) {
                    '"' -> out.append('"')
                    '\\' -> out.append('\\')
                    '/' -> out.append('/')
                    'b' -> out.append('\b')
                    'f' -> out.append('\u000c')
                    'n' -> out.append('\n')
                    'r' -> out.append('\r')
                    't' -> out.append('\t')
                    'u' -> {
                        if (i + 4 > text.length) return -1
                        val code = (hexValue(text[i]) shl 12) or (hexValue(text[i + 1]) shl 8) or (hexValue(text[i + 2]) shl 4) or hexValue(text[i + 3])
                        if (code < 0) return -1
                        out.append(code.toChar())
                        i += 4
                    }
                    else -> return -1
                }
            }
            else -> out.append(c)
        }
    }
}
