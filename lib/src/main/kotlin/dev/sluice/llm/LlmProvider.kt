package dev.sluice.llm

/**
 * The wire formats Sluice decodes. Every OpenAI-compatible server (vLLM, llama.cpp, DeepSeek, Groq,
 * Mistral, xAI, Azure, Ollama's `/v1`) speaks [OPENAI_CHAT].
 *
 * @property id the name used on the command line and in messages, e.g. `openai-chat`.
 * @property isNdjson whether the stream is newline-delimited JSON rather than Server-Sent Events.
 */
public enum class LlmProvider(public val id: String, public val isNdjson: Boolean) {
    /** OpenAI Chat Completions (`POST /chat/completions`, SSE). */
    OPENAI_CHAT("openai-chat", false),

    /** OpenAI Responses (`POST /responses`, SSE). */
    OPENAI_RESPONSES("openai-responses", false),

    /** Anthropic Messages (`POST /v1/messages`, SSE). */
    ANTHROPIC("anthropic", false),

    /** Ollama native chat (`POST /api/chat`, NDJSON). */
    OLLAMA("ollama", true),
}
