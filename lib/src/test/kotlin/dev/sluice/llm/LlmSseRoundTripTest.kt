package dev.sluice.llm

import dev.sluice.llm.request.Provider
import dev.sluice.sse.SseEvent
import dev.sluice.sse.SseWriter
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource
import java.io.ByteArrayOutputStream
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue

/**
 * Every recorded stream, decoded to neutral events, re-encoded as OpenAI Chat Completions or
 * Anthropic Messages SSE, written by the SSE writer and decoded again by Sluice's codec for that
 * format, accumulates to the same answer: text, reasoning, tool calls with their exact arguments,
 * finish reason and usage.
 */
class LlmSseRoundTripTest {
    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cases")
    fun reEncodedStreamAccumulatesToTheOriginalAnswer(path: String, target: Provider) {
        val source = sourceProvider(path)
        val original = decodeBody(source, LlmFixtures.text(path))
        assertNull(original.error, "$path is a complete stream")
        val wire = reEncode(original.events, target)
        val again = decodeBody(target, wire)
        assertNull(again.error, "re-encoded stream failed to decode:\n$wire")
        assertTrue(again.result.isComplete, "the re-encoded stream has its terminal event:\n$wire")
        assertSameAnswer(original.result, again.result, source, target, "$path as ${target.id}")
    }

    @Test
    fun everyKindOfSourceIsCovered() {
        val sources = cases().map { sourceProvider(it.get()[0] as String) }.toSet()
        assertEquals(setOf(Provider.OPENAI_CHAT, Provider.OPENAI_RESPONSES, Provider.ANTHROPIC, Provider.GEMINI), sources)
        assertTrue(cases().size >= 40, "cases: ${cases().size}")
    }

    private fun assertSameAnswer(expected: LlmResult, actual: LlmResult, source: Provider, target: Provider, what: String) {
        val sameFormat = source == target
        val expectedChoices = if (target == Provider.ANTHROPIC) expected.choices.take(1) else expected.choices
        assertEquals(expectedChoices.map { it.index }, actual.choices.map { it.index }, "$what: choices")
        if (sameFormat) {
            assertEquals(expected.id, actual.id, "$what: id")
            assertEquals(expected.model, actual.model, "$what: model")
        }
        for ((e, a) in expectedChoices.zip(actual.choices)) {
            val at = "$what, choice ${e.index}"
            if (target == Provider.ANTHROPIC) {
                // Anthropic has no refusal field: refusal text is sent as text.
                assertEquals(e.text.orEmpty() + e.refusal.orEmpty(), a.text.orEmpty(), "$at: text")
            } else {
                assertEquals(e.text.orEmpty(), a.text.orEmpty(), "$at: text")
                assertEquals(e.refusal.orEmpty(), a.refusal.orEmpty(), "$at: refusal")
            }
            assertEquals(e.reasoning.orEmpty(), a.reasoning.orEmpty(), "$at: reasoning")
            if (target == Provider.ANTHROPIC && source == Provider.ANTHROPIC) {
                assertEquals(e.reasoningSignature, a.reasoningSignature, "$at: signature")
            }
            assertEquals(e.toolCalls.size, a.toolCalls.size, "$at: tool calls")
            for ((te, ta) in e.toolCalls.zip(a.toolCalls)) {
                if (te.id != null) assertEquals(te.id, ta.id, "$at: tool id")
                assertEquals(te.name, ta.name, "$at: tool name")
                assertEquals(te.arguments.ifEmpty { "{}" }, ta.arguments.ifEmpty { "{}" }, "$at: tool arguments")
            }
            assertEquals(e.finishReason, a.finishReason, "$at: finish reason")
            if (sameFormat) assertEquals(e.rawFinishReason, a.rawFinishReason, "$at: provider finish reason")
        }
        val eu = expected.usage
        val au = actual.usage
        if (eu == null) {
            if (target == Provider.ANTHROPIC) assertEquals(listOf(0L, 0L), listOf(au?.inputTokens, au?.outputTokens), "$what: usage")
            else assertNull(au, "$what: usage")
            return
        }
        assertEquals(eu.inputTokens ?: 0, au?.inputTokens, "$what: input tokens")
        assertEquals(eu.outputTokens ?: 0, au?.outputTokens, "$what: output tokens")
        if (eu.cachedInputTokens != null) assertEquals(eu.cachedInputTokens, au?.cachedInputTokens, "$what: cached tokens")
        if (target != Provider.ANTHROPIC) {
            if (eu.totalTokens != null) assertEquals(eu.totalTokens, au?.totalTokens, "$what: total tokens")
            if (eu.reasoningTokens != null) assertEquals(eu.reasoningTokens, au?.reasoningTokens, "$what: reasoning tokens")
        }
    }

    companion object {
        private val TARGETS = listOf(Provider.OPENAI_CHAT, Provider.ANTHROPIC)

        /** Every recorded SSE stream that completes without an error, with each target format. */
        @JvmStatic
        fun cases(): List<Arguments> {
            val paths = LlmFixtures.streams("conformance/llm").map { "conformance/llm/$it" } +
                LlmFixtures.streams("fixtures/llm").map { "fixtures/llm/$it" }
            return paths.filter { it.endsWith(".sse") }
                .filter { path ->
                    runCatching { decodeBody(sourceProvider(path), LlmFixtures.text(path)) }.getOrNull()
                        ?.let { d -> d.error == null && d.result.isComplete } == true
                }
                .flatMap { path -> TARGETS.map { Arguments.of(path, it) } }
        }

        fun sourceProvider(path: String): Provider {
            val name = path.substringAfterLast('/')
            return if (name.startsWith("gemini")) Provider.GEMINI else LlmFixtures.providerOf(name)
        }

        /** The events as [target] SSE, through the encoder and the writer, as the wire text. */
        fun reEncode(events: List<LlmEvent>, target: Provider, error: Throwable? = null): String {
            val encoder = LlmSseEncoder.forProvider(target)
            val frames = events.flatMap { encoder.encode(it) } + (error?.let { encoder.encodeError(it) } ?: emptyList())
            return write(frames)
        }

        fun write(frames: List<SseEvent>): String {
            val out = ByteArrayOutputStream()
            SseWriter(out).use { w -> frames.forEach { w.write(it) } }
            return out.toString(Charsets.UTF_8)
        }
    }
}
