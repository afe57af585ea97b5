package dev.sluice.internal.llm

import dev.sluice.llm.LlmUsage
import kotlinx.serialization.json.JsonObject

/** OpenAI Chat Completions `usage`. */
internal fun chatUsage(u: JsonObject): LlmUsage = LlmUsage(
    inputTokens = u.long("prompt_tokens"),
    outputTokens = u.long("completion_tokens"),
    totalTokens = u.long("total_tokens"),
    reasoningTokens = u.obj("completion_tokens_details")?.long("reasoning_tokens"),
    cachedInputTokens = u.obj("prompt_tokens_details")?.long("cached_tokens"),
    json = u.toString(),
)

/** OpenAI Responses `usage`. */
internal fun responsesUsage(u: JsonObject): LlmUsage = LlmUsage(
    inputTokens = u.long("input_tokens"),
    outputTokens = u.long("output_tokens"),
    totalTokens = u.long("total_tokens"),
    reasoningTokens = u.obj("output_tokens_details")?.long("reasoning_tokens"),
    cachedInputTokens = u.obj("input_tokens_details")?.long("cached_tokens"),
    json = u.toString(),
)

/** Anthropic `usage` (the merged numeric counts). */
internal fun anthropicUsage(u: JsonObject): LlmUsage = LlmUsage(
    inputTokens = u.long("input_tokens"),
    outputTokens = u.long("output_tokens"),
    totalTokens = null,
    reasoningTokens = null,
    cachedInputTokens = u.long("cache_read_input_tokens"),
    json = u.toString(),
)
