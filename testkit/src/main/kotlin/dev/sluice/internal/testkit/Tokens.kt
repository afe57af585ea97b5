package dev.sluice.internal.testkit

private val WORD = Regex("\\s*\\S+")

/**
 * Word tokens of [text]: each is a run of non-space characters with the whitespace before it;
 * trailing whitespace joins the last token, so the tokens concatenate back to [text] exactly.
 */
internal fun wordTokens(text: String): List<String> {
    if (text.isEmpty()) return emptyList()
    val tokens = WORD.findAll(text).map { it.value }.toMutableList()
    val covered = tokens.sumOf { it.length }
    val rest = text.substring(covered)
    if (tokens.isEmpty()) return listOf(text)
    if (rest.isNotEmpty()) tokens[tokens.size - 1] = tokens.last() + rest
    return tokens
}

/** [text] cut into pieces of [length] characters (never splitting a surrogate pair); `""` gives no pieces. */
internal fun splitFragments(text: String, length: Int): List<String> {
    require(length > 0) { "fragment length must be positive, was $length" }
    val out = ArrayList<String>()
    var start = 0
    while (start < text.length) {
        var end = minOf(text.length, start + length)
        if (end < text.length && Character.isHighSurrogate(text[end - 1])) end++
        out += text.substring(start, end)
        start = end
    }
    return out
}
