package dev.sluice.llm.request;

/** How a provider frames its streamed response body. */
public enum StreamFormat {
    /** Server-Sent Events ({@code text/event-stream}). */
    SSE,
    /** One JSON value per line ({@code application/x-ndjson}). */
    NDJSON
}
