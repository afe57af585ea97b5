package dev.sluice.testkit

/** The API a request to the fake server was addressed to, from its path. */
public enum class WireFormat {
    /** `POST /v1/chat/completions`: SSE `data:` chunks ending with `[DONE]`. */
    OPENAI_CHAT,

    /** `POST /v1/responses`: SSE events `response.created` ... `response.completed`. */
    OPENAI_RESPONSES,

    /** `POST /v1/messages`: SSE events `message_start` ... `message_stop`. */
    ANTHROPIC,

    /** `POST /api/chat`: NDJSON lines ending with `"done": true`. */
    OLLAMA,

    /**
     * `POST /v1beta/models/{model}:streamGenerateContent?alt=sse`: SSE `data:` chunks, no terminal
     * event (the last chunk has `finishReason`); `:generateContent` answers with one JSON object.
     */
    GEMINI,
}
