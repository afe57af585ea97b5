package dev.sluice.internal.llm.provider.gemini

import dev.sluice.internal.llm.ProtocolViolation
import kotlinx.serialization.json.JsonPrimitive

/**
 * The JSON text of one streamed Gemini function call's arguments, written piece by piece from its
 * `partialArgs` (path and value pairs in document order, a string value possibly split over
 * several pieces). Each call returns the text it added, so the pieces joined are exactly
 * [arguments]: `$.city` `"San "` (continues), `$.city` `"José"`, `$.days[0]` `1` gives
 * `{"city":"San ` + `José"` + `,"days":[1` + `]}` (the last piece from [finish]).
 *
 * A path that cannot follow what was written (a member written twice, an array index out of
 * order, a member under an array) is a [ProtocolViolation]. A string left open by a
 * `willContinue` that never continued is closed by the next value or by [finish].
 */
internal class PartialArgsWriter {
    /** An open object or array: how many values it holds, and (objects) the member names written. */
    private class Frame(val isObject: Boolean) {
        var count = 0
        val keys = HashSet<String>()
    }

    /** The open containers, the root object first. */
    private val frames = ArrayList<Frame>()

    /** The steps leading to `frames[1..]`. */
    private val openPath = ArrayList<PathStep>()
    private var openString: List<PathStep>? = null
    private val text = StringBuilder()

    /** The arguments text written so far (complete after [finish]). */
    val arguments: String get() = text.toString()

    /** Writes a piece of the string at [path]; [continues]: more pieces of it follow. */
    fun putString(path: List<PathStep>, piece: String, continues: Boolean): String = emit {
        if (openString != path) {
            position(path)
            text.append('"')
        }
        text.append(escaped(piece))
        if (continues) {
            openString = path
        } else {
            text.append('"')
            openString = null
        }
    }

    /** Writes a whole value at [path], given as JSON text (a number, `true`, `null`, an object...). */
    fun putValue(path: List<PathStep>, json: String): String = emit {
        position(path)
        text.append(json)
    }

    /** Closes what is open (`{}` when nothing was written). */
    fun finish(): String = emit {
        closeString()
        if (frames.isEmpty()) text.append("{}")
        while (frames.isNotEmpty()) closeTop()
    }

    private inline fun emit(block: () -> Unit): String {
        val before = text.length
        block()
        return text.substring(before)
    }

    /** Closes and opens containers so the next value goes at [path], and writes its member prefix. */
    private fun position(path: List<PathStep>) {
        closeString()
        if (frames.isEmpty()) {
            text.append('{')
            frames += Frame(isObject = true)
        }
        val parents = path.size - 1
        var common = 0
        while (common < openPath.size && common < parents && openPath[common] == path[common]) common++
        while (openPath.size > common) closeTop()
        for (i in common until parents) {
            member(path[i], path)
            val childIsObject = path[i + 1] is PathStep.Key
            text.append(if (childIsObject) '{' else '[')
            frames += Frame(childIsObject)
            openPath += path[i]
        }
        member(path.last(), path)
    }

    private fun member(step: PathStep, path: List<PathStep>) {
        val frame = frames.last()
        when (step) {
            is PathStep.Key -> {
                if (!frame.isObject) conflict(path, "names a member of an array")
                if (!frame.keys.add(step.name)) conflict(path, "writes member '${step.name}' a second time")
                if (frame.count > 0) text.append(',')
                text.append(JsonPrimitive(step.name).toString()).append(':')
            }
            is PathStep.Index -> {
                if (frame.isObject) conflict(path, "indexes an object")
                if (step.index != frame.count) conflict(path, "skips to index ${step.index} where ${frame.count} is next")
                if (frame.count > 0) text.append(',')
            }
        }
        frame.count++
    }

    private fun closeString() {
        if (openString == null) return
        text.append('"')
        openString = null
    }

    private fun closeTop() {
        val frame = frames.removeAt(frames.size - 1)
        if (frames.isNotEmpty()) openPath.removeAt(openPath.size - 1)
        text.append(if (frame.isObject) '}' else ']')
    }

    private fun conflict(path: List<PathStep>, what: String): Nothing =
        throw ProtocolViolation("partialArgs path ${render(path)} $what after ${text.takeLast(40)}")

    private fun render(path: List<PathStep>): String = path.joinToString("", prefix = "$") {
        when (it) {
            is PathStep.Key -> "." + it.name
            is PathStep.Index -> "[" + it.index + "]"
        }
    }

    private fun escaped(piece: String): String = JsonPrimitive(piece).toString().let { it.substring(1, it.length - 1) }
}
