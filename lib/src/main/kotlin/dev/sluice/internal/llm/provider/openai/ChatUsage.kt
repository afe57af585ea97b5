package dev.sluice.internal.llm.provider.openai

import dev.sluice.internal.llm.long
import dev.sluice.internal.llm.obj
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
