package dev.sluice.internal.llm.provider.anthropic

import dev.sluice.internal.llm.RepeatedPrefix
import dev.sluice.internal.llm.WireScanner

/**
 * Reads the events that make up nearly all of an Anthropic stream, `content_block_delta` with a
 * `text_delta`, `thinking_delta`, `signature_delta` or `input_json_delta`, straight from the data,
 * without building the JSON tree. Recognised: an object with `type` the string
 * `"content_block_delta"`, `index` a non-negative integer and `delta` an object with `type` one of
 * those four strings and its payload (`text`, `thinking`, `signature`, `partial_json`) a string;
 * `text`, `thinking`, `signature` and `partial_json` strings wherever they appear in the delta.
 * Any other member is checked as JSON and passed over, as the codec and renderer ignore it. A
 * known member repeated, of another type, `null` or missing, another event or delta type, and an
 * `error` member are not recognised: [scan] returns `null` and the event takes the tree path.
 *
 * Events of a block repeat everything before the payload byte for byte
 * (`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":`), so the scanner
 * remembers where the last event's payload began and what it had read up to there; an event that
 * starts with the same text resumes at that point ([RepeatedPrefix]).
 */
internal class AnthropicDeltaScanner : WireScanner() {
    private val prefix = RepeatedPrefix()
    private val saved = IntArray(SAVED_INTS)
    private var savedDeltaType: String? = null

    /** Events read from their payload on, their text before it the same as the last one's. */
    var resumedCount: Int = 0
        private set

    // What the scan has read so far.
    private var members = 0
    private var index = -1
    private var deltaMembers = 0
    private var deltaType: String? = null
    private var resumed = false
    private val payloads = arrayOfNulls<String>(PAYLOAD_KEYS.size)

    /** The delta [data] holds, or `null` when its shape is not one this scanner recognises. */
    fun scan(data: String): ScannedBlockDelta? {
        begin(data)
        return try {
            readEvent(data).also { finish() }
        } catch (e: Unrecognised) {
            null
        } finally {
            release()
            payloads.fill(null)
            deltaType = null
        }
    }

    private fun readEvent(data: String): ScannedBlockDelta {
        resumed = prefix.matches(data)
        if (resumed) {
            // Positioned at this event's payload value, as if everything before were read again.
            pos = prefix.end
            members = saved[0]
            index = saved[1]
            deltaMembers = saved[2]
            keyStart = saved[3]
            keyEnd = saved[4]
            deltaType = savedDeltaType
            resumedCount++
            skipWhitespace() // the remembered event's value began at once; this one may be spaced
            readDeltaMembers(data)
        } else {
            members = 0
            index = -1
            deltaMembers = 0
            skipWhitespace()
            expect('{')
            if (isEmpty('}')) giveUp()
            readKey()
            readMember(data)
        }
        while (nextMember('}')) {
            readKey()
            readMember(data)
        }
        if (members != TYPE or INDEX or DELTA) giveUp()
        val type = deltaType ?: giveUp()
        val payload = when (type) {
            "text_delta" -> payloads[0]
            "thinking_delta" -> payloads[1]
            "signature_delta" -> payloads[2]
            "input_json_delta" -> payloads[3]
            else -> null
        } ?: giveUp()
        return ScannedBlockDelta(index, type, payload)
    }

    private fun readMember(data: String) {
        when {
            keyIs("type") -> {
                members = once(members, TYPE)
                if (readString() != "content_block_delta") giveUp()
            }
            keyIs("index") -> {
                members = once(members, INDEX)
                index = readIndex()
            }
            keyIs("delta") -> {
                members = once(members, DELTA)
                expect('{')
                if (isEmpty('}')) giveUp()
                readKey()
                readDeltaMembers(data)
            }
            keyIs("error") -> giveUp()
            else -> skipValue()
        }
    }

    /** The delta's members, its first key read (or resumed at); ends past its closing brace. */
    private fun readDeltaMembers(data: String) {
        var keyRead = true
        do {
            if (keyRead) keyRead = false else readKey()
            if (keyIs("type")) {
                deltaMembers = once(deltaMembers, DELTA_TYPE)
                deltaType = readString()
                continue
            }
            val k = payloadKey()
            if (k < 0) {
                skipValue()
                continue
            }
            // The first payload after the delta's type: where the next event of the block resumes.
            if (!resumed && deltaMembers == DELTA_TYPE) remember(data)
            deltaMembers = once(deltaMembers, PAYLOAD shl k)
            payloads[k] = readString()
        } while (nextMember('}'))
    }

    private fun payloadKey(): Int {
        for (k in PAYLOAD_KEYS.indices) if (keyIs(PAYLOAD_KEYS[k])) return k
        return -1
    }

    private fun remember(data: String) {
        prefix.remember(data, pos)
        saved[0] = members
        saved[1] = index
        saved[2] = deltaMembers
        saved[3] = keyStart
        saved[4] = keyEnd
        savedDeltaType = deltaType
    }

    private companion object {
        const val TYPE = 1
        const val INDEX = 2
        const val DELTA = 4
        const val DELTA_TYPE = 1
        const val PAYLOAD = 2
        const val SAVED_INTS = 5
        val PAYLOAD_KEYS = arrayOf("text", "thinking", "signature", "partial_json")
    }
}

/** One `content_block_delta` as [AnthropicDeltaScanner] read it; kept on the raw event for the renderer. */
internal class ScannedBlockDelta(val index: Int, val deltaType: String, val payload: String)
