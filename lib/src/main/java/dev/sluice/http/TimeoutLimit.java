package dev.sluice.http;

/**
 * Which limit of a stream's watchdog fired: carried by {@link StreamTimeoutException} (plain HTTP
 * and SSE) and {@code LlmTimeoutException} (LLM calls). A Java enum on purpose (see the README's
 * "Public API").
 */
public enum TimeoutLimit {
    /** Opening the connection took longer than the connect timeout (retried like any connect failure). */
    CONNECT,
    /** The response (status, headers and the first body byte) did not begin within the first-byte timeout. */
    FIRST_BYTE,
    /** An LLM call's first token (or any content) did not arrive within the first-token timeout. */
    FIRST_TOKEN,
    /** Once the stream had started, no byte arrived for the idle timeout (keep-alives count as bytes). */
    IDLE,
    /** The whole call, retries and waits included, took longer than the total timeout. */
    TOTAL;

    /** The name of the setting that sets this limit, e.g. {@code idleTimeout}. */
    public String settingName() {
        switch (this) {
            case CONNECT: return "connectTimeout";
            case FIRST_BYTE: return "firstByteTimeout";
            case FIRST_TOKEN: return "firstTokenTimeout";
            case IDLE: return "idleTimeout";
            default: return "totalTimeout";
        }
    }
}
