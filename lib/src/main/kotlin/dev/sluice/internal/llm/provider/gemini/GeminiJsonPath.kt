package dev.sluice.internal.llm.provider.gemini

import dev.sluice.internal.llm.ProtocolViolation

/** One step of a `partialArgs[].jsonPath`: an object member or an array element. */
internal sealed class PathStep {
    data class Key(val name: String) : PathStep()
    data class Index(val index: Int) : PathStep()
}

/**
 * Parses the JSON Path (RFC 9535, the subset Gemini sends) of a streamed argument: `$` followed by
 * `.name`, `['name']` / `["name"]` and `[0]` steps, e.g. `$.recipe.ingredients[0].name`. A path
 * without the leading `$` is read as if it had `$.` before it. The root itself (`$`) is refused:
 * arguments are an object, so a value always sits at a member.
 */
internal fun parseJsonPath(path: String): List<PathStep> {
    val text = when {
        path.startsWith("$") -> path.substring(1)
        path.startsWith("[") -> path
        else -> ".$path"
    }
    val steps = ArrayList<PathStep>()
    var i = 0
    while (i < text.length) {
        when (text[i]) {
            '.' -> {
                var end = i + 1
                while (end < text.length && text[end] != '.' && text[end] != '[') end++
                if (end == i + 1) bad(path, "an empty member name")
                steps += PathStep.Key(text.substring(i + 1, end))
                i = end
            }
            '[' -> i = bracket(path, text, i, steps)
            else -> bad(path, "'${text[i]}' where '.' or '[' should be")
        }
    }
    if (steps.isEmpty()) bad(path, "no member (arguments are an object)")
    if (steps.first() !is PathStep.Key) bad(path, "an array index at the root (arguments are an object)")
    return steps
}

/** Reads one `[...]` step starting at [start]; returns the index after it. */
private fun bracket(path: String, text: String, start: Int, steps: MutableList<PathStep>): Int {
    val quote = text.getOrNull(start + 1)
    if (quote == '\'' || quote == '"') {
        val name = StringBuilder()
        var i = start + 2
        while (i < text.length && text[i] != quote) {
            if (text[i] == '\\' && i + 1 < text.length) i++
            name.append(text[i])
            i++
        }
        if (i + 1 >= text.length || text[i + 1] != ']') bad(path, "an unclosed quoted member name")
        steps += PathStep.Key(name.toString())
        return i + 2
    }
    val close = text.indexOf(']', start)
    if (close < 0) bad(path, "an unclosed '['")
    val index = text.substring(start + 1, close).toIntOrNull()
    if (index == null || index < 0) bad(path, "'${text.substring(start, close + 1)}', which is not an array index")
    steps += PathStep.Index(index)
    return close + 1
}

private fun bad(path: String, what: String): Nothing =
    throw ProtocolViolation("partialArgs jsonPath '${path.take(80)}' has $what")
