package dev.sluice.llm.request;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * An API key. Its {@link #toString()} is always {@code [redacted]}, so a key never reaches a log,
 * a {@code toString} of an object holding it, or an exception message; call {@link #reveal()}
 * only where the key is actually sent.
 */
public final class ApiKey {
    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /**
     * Wraps a key. Surrounding whitespace (a trailing newline from a file or a shell) is removed.
     *
     * @throws LlmRequestException if the key is blank or contains a control character or inner
     *     whitespace (which could never be a valid header value); the message does not show the key
     */
    public static ApiKey of(String key) {
        if (key == null) throw new NullPointerException("key");
        String trimmed = key.trim();
        if (trimmed.isEmpty()) throw new LlmRequestException("API key is blank");
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                throw new LlmRequestException(
                        "API key contains a control or whitespace character at index " + i);
            }
        }
        return new ApiKey(trimmed);
    }

    /** The key itself, for the one place that sends it. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8),
                        ((ApiKey) other).value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Always {@code [redacted]}. */
    @Override
    public String toString() {
        return "[redacted]";
    }
}
