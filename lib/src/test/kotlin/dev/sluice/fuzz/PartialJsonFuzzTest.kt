package dev.sluice.fuzz

import com.code_intelligence.jazzer.junit.FuzzTest
import dev.sluice.llm.completePartialJson
import dev.sluice.llm.parsePartialJson
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlin.test.assertEquals
import kotlin.test.assertNotNull

/**
 * Fuzzes the partial-JSON parser (`PartialJson.complete`): any text gives `null` or valid,
 * compact JSON, never an exception; a complete JSON text gives back exactly its value; and every
 * prefix of a JSON text is a usable prefix (its completion, if any, is valid JSON). Inputs are
 * UTF-8 texts (tool-call arguments as they stream).
 *
 * Regression inputs: `src/test/resources/dev/sluice/fuzz/PartialJsonFuzzTestInputs/<method>/`.
 */
class PartialJsonFuzzTest {
    @FuzzTest(maxDuration = "2m")
    fun complete(data: ByteArray) {
        val text = String(data, Charsets.UTF_8)
        val context = "input ${show(data)}"
        checkCompletion(text, context)

        val whole = strictJsonOrNull(text)
        if (whole != null && depth(whole) <= MAX_DEPTH) {
            assertEquals(whole, parsePartialJson(text), "a complete JSON text is its own completion, $context")
            // Every prefix of a JSON text is a JSON prefix: it completes to valid JSON, and to
            // nothing only before its first usable character (a top-level `tru`, `-`, blanks).
            val cut = FuzzChoices(data).int(0, text.length)
            val prefix = text.substring(0, cut)
            val completed = checkCompletion(prefix, "prefix of $cut characters, $context")
            assertEquals(nothingUsableYet(prefix), completed == null, "completion of the prefix of $cut characters: $completed, $context")
        }
    }

    /** [text] completes to `null` or to valid JSON that prints as itself; returns the completion. */
    private fun checkCompletion(text: String, context: String): String? {
        val completed = completePartialJson(text) ?: return null
        val parsed = assertNotNull(strictJsonOrNull(completed), "the completion is valid JSON: $completed, $context")
        assertEquals(completed, parsed.toString(), "the completion is compact JSON, $context")
        return completed
    }

    private companion object {
        /** PartialJson's own nesting limit: deeper texts are refused. */
        const val MAX_DEPTH = 500

        /**
         * A JSON reader for checking. kotlinx-serialization 1.11 (the version the library is built
         * against) has no nesting limit, so it checks texts as deep as PartialJson completes (512
         * levels parse well within the default thread stack).
         */
        val json = Json

        /** [text] as JSON if it is exactly one JSON value by the grammar ([JsonSyntax]), else `null`. */
        fun strictJsonOrNull(text: String): JsonElement? =
            if (JsonSyntax.isJson(text)) json.parseToJsonElement(text) else null

        /** A prefix of a JSON text with no usable value yet: blanks, then at most an unfinished top-level word or a lone `-`. */
        fun nothingUsableYet(prefix: String): Boolean {
            val t = prefix.trimStart(' ', '\t', '\n', '\r')
            return t.isEmpty() || t == "-" || listOf("true", "false", "null").any { it != t && it.startsWith(t) }
        }

        fun depth(root: JsonElement): Int {
            var max = 0
            val stack = ArrayDeque<Pair<JsonElement, Int>>()
            stack.addLast(root to 1)
            while (stack.isNotEmpty()) {
                val (e, d) = stack.removeLast()
                max = maxOf(max, d)
                when (e) {
                    is JsonObject -> e.values.forEach { stack.addLast(it to d + 1) }
                    is JsonArray -> e.forEach { stack.addLast(it to d + 1) }
                    else -> Unit
                }
            }
            return max
        }
    }
}
