package dev.sluice.llm.request

import java.security.MessageDigest

/**
 * An API key. Its [toString] is always `[redacted]`, so a key never reaches a log, a `toString`
 * of an object holding it, or an exception message; call [reveal] only where the key is actually
 * sent.
 */
public class ApiKey private constructor(private val value: String) {

    /** The key itself, for the one place that sends it. */
    public fun reveal(): String = value

    override fun equals(other: Any?): Boolean =
        other is ApiKey && MessageDigest.isEqual(value.toByteArray(Charsets.UTF_8), other.value.toByteArray(Charsets.UTF_8))

    override fun hashCode(): Int = value.hashCode()

    /** Always `[redacted]`. */
    override fun toString(): String = "[redacted]"

    public companion object {
        /**
         * Wraps a key. Surrounding whitespace (a trailing newline from a file or a shell) is removed.
         *
         * @throws LlmRequestException if the key is blank or contains a control character or inner
         *   whitespace (which could never be a valid header value); the message does not show the key
         */
        @JvmStatic
        public fun of(key: String): ApiKey {
            val trimmed = Names.trim(key)
            if (trimmed.isEmpty()) throw LlmRequestException("API key is blank")
            for (i in trimmed.indices) {
                val c = trimmed[i]
                if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                    throw LlmRequestException("API key contains a control or whitespace character at index $i")
                }
            }
            return ApiKey(trimmed)
        }
    }
}
