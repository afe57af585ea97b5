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
