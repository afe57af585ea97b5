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

    // What the last event had read when it came to its payload, for [prefix].
    private var savedMembers = 0
    private var savedIndex = -1
    private var savedDeltaMembers = 0
    private var savedKeyStart = 0
    private var savedKeyEnd = 0
    private var savedDeltaType: String? = null

    /** The delta [data] holds, or `null` when its shape is not one this scanner recognises. */
    fun scan(data: String): ScannedBlockDelta? = scanWhole(data) { readEvent(data) }

    private fun readEvent(data: String): ScannedBlockDelta {
        payloads.fill(null)
        resumed = prefix.matches(data)
        if (resumed) {
            // Positioned at this event's payload value, as if everything before were read again.
            pos = prefix.end
            members = savedMembers
            index = savedIndex
            deltaMembers = savedDeltaMembers
            keyStart = savedKeyStart
            keyEnd = savedKeyEnd
            deltaType = savedDeltaType
            resumedCount++
            skipWhitespace() // the remembered event's value began at once; this one may be spaced
            readDeltaMembers(data)
        } else {
            members = 0
            index = -1
            deltaMembers = 0
            deltaType = null
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
        val k = DELTA_TYPES.indexOf(type)
        if (k < 0) giveUp()
        return ScannedBlockDelta(index, type, payloads[k] ?: giveUp())
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
        savedMembers = members
        savedIndex = index
        savedDeltaMembers = deltaMembers
        savedKeyStart = keyStart
        savedKeyEnd = keyEnd
        savedDeltaType = deltaType
    }

    private companion object {
        const val TYPE = 1
        const val INDEX = 2
        const val DELTA = 4
        const val DELTA_TYPE = 1
        const val PAYLOAD = 2
    }
}

/** One `content_block_delta` as [AnthropicDeltaScanner] read it; kept on the raw event for the renderer. */
internal class ScannedBlockDelta(val index: Int, val deltaType: String, val payload: String)

/** The delta types the scanner and the codec read a payload of, and that payload's member, in step. */
private val DELTA_TYPES = arrayOf("text_delta", "thinking_delta", "signature_delta", "input_json_delta")
private val PAYLOAD_KEYS = arrayOf("text", "thinking", "signature", "partial_json")

/** The member holding a delta's payload, or `null` for a delta type without one. */
internal fun payloadField(deltaType: String?): String? = DELTA_TYPES.indexOf(deltaType).let { if (it < 0) null else PAYLOAD_KEYS[it] }
