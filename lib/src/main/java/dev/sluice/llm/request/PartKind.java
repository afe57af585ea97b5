package dev.sluice.llm.request;

/** What a {@link ContentPart} is. */
public enum PartKind {
    /** Text. */
    TEXT,
    /** An image (PNG, JPEG, GIF, WebP), by URL or as bytes. */
    IMAGE,
    /** A document (PDF; plain text for Anthropic and Gemini), by URL or as bytes. */
    DOCUMENT,
    /** Audio input, as bytes. */
    AUDIO
}
