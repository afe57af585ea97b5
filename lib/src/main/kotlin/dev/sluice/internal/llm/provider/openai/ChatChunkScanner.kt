package dev.sluice.internal.llm.provider.openai

import dev.sluice.internal.llm.RepeatedPrefix
import dev.sluice.internal.llm.WireScanner

/**
 * Reads the chunks OpenAI and most compatible servers send for text (the role-only first delta,
 * content, reasoning and refusal deltas, finish chunks) straight from the data, without building
 * the JSON tree. Recognised: an object with an array `choices` of objects, `id` / `model` strings
 * without escapes (or `null`), `created` a number, string or `null`, `usage` `null`; each choice
 * with an integer `index` (or `null`), `delta` an object (or `null`), `finish_reason` a string
 * (or `null`); each delta with `role`, `content`, `reasoning_content`, `reasoning`, `refusal`
 * strings (or `null`), `function_call` and `tool_calls` `null`. Any other member, wherever it is,
 * is checked as JSON and passed over, as the codec and renderer ignore it. A member the codec
 * reads that is repeated, has another type, or is not listed (`error`, `x_groq`, `message`, tool
 * calls, content parts, usage) is not recognised: [scan] returns `null` and the chunk takes the
 * tree path, which decodes or refuses it as always.
 */
internal class ChatChunkScanner : WireScanner() {
    private val prefix = ChunkPrefix()

    /** Chunks read from their `choices` on, their members before it the same as the last one's. */
    var resumedCount: Int = 0
        private set

    /** The chunk [data] holds, or `null` when its shape is not one this scanner recognises. */
    fun scan(data: String): ScannedChatChunk? = scanWhole(data) { readChunk(data) }

    private fun readChunk(data: String): ScannedChatChunk {
        val chunk = ScannedChatChunk(data)
        var members = 0
        val resumed = prefix.matches(data)
        if (resumed) {
            // Positioned at this chunk's `choices` value, as if its members before were read again.
            pos = prefix.end
            keyStart = prefix.keyStart
            keyEnd = prefix.keyEnd
            members = prefix.members
            prefix.copyRangesTo(chunk)
            skipWhitespace() // the remembered chunk's value began at once; this one may be spaced
            resumedCount++
        } else {
            skipWhitespace()
            expect('{')
            if (isEmpty('}')) giveUp()
        }
        var keyRead = resumed // a resumed chunk is at its `choices` key already
        do {
            if (keyRead) keyRead = false else readKey()
            when {
                keyIs("id") -> { members = once(members, ID); chunk.idStart = stringRange(); chunk.idEnd = stringEnd }
                keyIs("model") -> { members = once(members, MODEL); chunk.modelStart = stringRange(); chunk.modelEnd = stringEnd }
                keyIs("created") -> { members = once(members, CREATED); readCreated(chunk) }
                keyIs("choices") -> {
                    if (!resumed) prefix.remember(data, pos, keyStart, keyEnd, members, chunk)
                    members = once(members, CHOICES)
                    readChoices(chunk)
                }
                keyIs("usage") -> { members = once(members, USAGE); if (!readNull()) giveUp() }
                keyIs("error") || keyIs("x_groq") -> giveUp()
                else -> skipValue()
            }
        } while (nextMember('}'))
        if (members and CHOICES == 0) giveUp()
        return chunk
    }

    /** A string without escapes (its start returned, its end in [stringEnd]) or `null` (-1, and -1 in [stringEnd]). */
    private fun stringRange(): Int {
        if (readNull()) {
            stringEnd = -1
            return -1
        }
        if (!readStringRange()) giveUp()
        return stringStart
    }

    private fun readCreated(chunk: ScannedChatChunk) {
        when (peek()) {
            'n' -> if (!readNull()) giveUp()
            '"' -> skipValue() // the renderer keeps only a number
            else -> {
                readNumberRange()
                chunk.createdStart = stringStart
                chunk.createdEnd = stringEnd
            }
        }
    }

    private fun readChoices(chunk: ScannedChatChunk) {
        expect('[')
        if (isEmpty(']')) return
        var position = 0
        do {
            skipWhitespace()
            chunk.add(readChoice(position++))
        } while (nextMember(']'))
    }

    private fun readChoice(position: Int): ScannedChoice {
        expect('{')
        val choice = ScannedChoice(position)
        if (isEmpty('}')) return choice
        var members = 0
        do {
            readKey()
            when {
                keyIs("index") -> { members = once(members, INDEX); if (!readNull()) choice.index = readIndex() }
                keyIs("delta") -> { members = once(members, DELTA); if (!readNull()) readDelta(choice) }
                keyIs("finish_reason") -> { members = once(members, FINISH); choice.finishReason = readNullableString() }
                keyIs("message") -> giveUp()
                else -> skipValue()
            }
        } while (nextMember('}'))
        return choice
    }

    private fun readDelta(choice: ScannedChoice) {
        expect('{')
        choice.hasDelta = true
        if (isEmpty('}')) return
        var members = 0
        do {
            readKey()
            when {
                keyIs("content") -> { members = once(members, CONTENT); choice.content = readNullableString() }
                keyIs("role") -> { members = once(members, ROLE); choice.role = readNullableString() }
                keyIs("reasoning_content") -> { members = once(members, REASONING_CONTENT); choice.reasoningContent = readNullableString() }
                keyIs("reasoning") -> { members = once(members, REASONING); choice.reasoning = readNullableString() }
                keyIs("refusal") -> { members = once(members, REFUSAL); choice.refusal = readNullableString() }
                keyIs("function_call") || keyIs("tool_calls") -> if (!readNull()) giveUp()
                else -> skipValue()
            }
        } while (nextMember('}'))
    }

    private companion object {
        const val ID = 1
        const val MODEL = 2
        const val CREATED = 4
        const val CHOICES = 8
        const val USAGE = 16
        const val INDEX = 1
        const val DELTA = 2
        const val FINISH = 4
        const val CONTENT = 1
        const val ROLE = 2
        const val REASONING_CONTENT = 4
        const val REASONING = 8
        const val REFUSAL = 16
    }
}

/**
 * The members a chunk has before `choices` (`id`, `object`, `created`, `model`,
 * `system_fingerprint` in OpenAI's order) repeat byte for byte from chunk to chunk of a stream. The
 * scanner remembers where the last chunk's `choices` value started and what it had read up to
 * there ([RepeatedPrefix]).
 */
private class ChunkPrefix {
    private val text = RepeatedPrefix()
    val end: Int get() = text.end
    var keyStart = 0
    var keyEnd = 0
    var members = 0
    private val ranges = IntArray(6)

    fun remember(data: String, end: Int, keyStart: Int, keyEnd: Int, members: Int, chunk: ScannedChatChunk) {
        text.remember(data, end)
        this.keyStart = keyStart
        this.keyEnd = keyEnd
        this.members = members
        ranges[0] = chunk.idStart
        ranges[1] = chunk.idEnd
        ranges[2] = chunk.modelStart
        ranges[3] = chunk.modelEnd
        ranges[4] = chunk.createdStart
        ranges[5] = chunk.createdEnd
    }

    fun matches(data: String): Boolean = text.matches(data)

    fun copyRangesTo(chunk: ScannedChatChunk) {
        chunk.idStart = ranges[0]
        chunk.idEnd = ranges[1]
        chunk.modelStart = ranges[2]
        chunk.modelEnd = ranges[3]
        chunk.createdStart = ranges[4]
        chunk.createdEnd = ranges[5]
    }
}

/**
 * One chunk as [ChatChunkScanner] read it: ranges into [data] for `id`, `model` and `created`
 * (-1 when absent or `null`), read only when needed, and its choices. Kept on the raw event for
 * the renderer, so immutable once scanned.
 */
internal class ScannedChatChunk(val data: String) {
    var idStart = -1
    var idEnd = -1
    var modelStart = -1
    var modelEnd = -1
    var createdStart = -1
    var createdEnd = -1

    /** The first choice; the rest in [more] (a chunk nearly always has one). */
    var first: ScannedChoice? = null
    var more: ArrayList<ScannedChoice>? = null

    val choiceCount: Int get() = if (first == null) 0 else 1 + (more?.size ?: 0)

    fun choice(i: Int): ScannedChoice = if (i == 0) first!! else more!![i - 1]

    fun add(choice: ScannedChoice) {
        if (first == null) first = choice else (more ?: ArrayList<ScannedChoice>(4).also { more = it }).add(choice)
    }

    /** `id` when it is a non-empty string, else `null`. */
    fun nonEmptyId(): String? = if (idEnd > idStart) data.substring(idStart, idEnd) else null

    fun nonEmptyModel(): String? = if (modelEnd > modelStart) data.substring(modelStart, modelEnd) else null

    fun hasNonEmptyId(): Boolean = idEnd > idStart

    fun createdText(): String? = if (createdStart >= 0) data.substring(createdStart, createdEnd) else null
}

/** One choice of a [ScannedChatChunk]; a string member is `null` when absent or JSON `null`. */
internal class ScannedChoice(val position: Int) {
    var index: Int = -1
    var hasDelta = false
    var role: String? = null
    var content: String? = null
    var reasoningContent: String? = null
    var reasoning: String? = null
    var refusal: String? = null
    var finishReason: String? = null

    /** `index`, or the position in `choices` when it has none (as the codec reads it). */
    val resolvedIndex: Int get() = if (index >= 0) index else position
}
