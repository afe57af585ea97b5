package dev.sluice.internal.secrets

import dev.sluice.internal.secrets.Redaction.REDACTED
import java.util.IdentityHashMap

/**
 * The credentials one request carries, as literal values (the API key, credential header values,
 * URL user info, secret query parameter values), so that text the server or the network stack
 * produced can be cleaned of them: a 401 body that echoes the key, a Ktor message that prints the
 * URL. [scrub] replaces each value, then applies [Redaction.text].
 *
 * Values shorter than [MIN_LENGTH] characters are not searched for in free text (replacing a
 * 3-letter password everywhere would garble messages); they are still redacted where they are
 * recognised by position (user info, secret parameters, credential headers).
 */
internal class Secrets private constructor(private val values: List<String>) {

    /** [text] without any of these values, and with whatever [Redaction.text] recognises redacted. */
    fun scrub(text: String): String {
        var out = text
        for (value in values) if (out.contains(value)) out = out.replace(value, REDACTED)
        return Redaction.text(out)
    }

    fun scrubOrNull(text: String?): String? = text?.let(::scrub)

    /** These values and [other]'s. */
    operator fun plus(other: Secrets): Secrets = if (other.values.isEmpty()) this else of(values + other.values)

    /**
     * [t] itself when neither it nor any cause or suppressed exception shows a secret in its
     * message or `toString`; otherwise a copy of the chain from there on in which each dirty
     * throwable is a [RedactedException] (same stack trace, original class named in its text).
     */
    fun sanitize(t: Throwable): Throwable = sanitize(t, IdentityHashMap())

    fun sanitizeOrNull(t: Throwable?): Throwable? = t?.let(::sanitize)

    private fun sanitize(t: Throwable, seen: IdentityHashMap<Throwable, Throwable>): Throwable {
        seen[t]?.let { return it }
        seen[t] = t // a cycle back to t ends here
        val cause = t.cause?.takeIf { it !== t }
        val newCause = cause?.let { sanitize(it, seen) }
        val suppressed = t.suppressed
        val newSuppressed = suppressed.map { sanitize(it, seen) }
        val message = t.message
        val clean = scrubOrNull(message) == message && scrub(t.toString()) == t.toString() &&
            newCause === cause && newSuppressed.indices.all { newSuppressed[it] === suppressed[it] }
        if (clean) return t
        val copy = RedactedException(t.javaClass.name, scrubOrNull(message), newCause)
        copy.stackTrace = t.stackTrace
        newSuppressed.forEach(copy::addSuppressed)
        seen[t] = copy
        return copy
    }

    companion object {
        const val MIN_LENGTH: Int = 6

        /** No known values: [scrub] is [Redaction.text]. */
        val NONE: Secrets = Secrets(emptyList())

        /** These literal values (blank, short and duplicate ones dropped; longest replaced first). */
        fun of(values: Collection<String?>): Secrets {
            val kept = values.asSequence().filterNotNull().map { it.trim() }.filter { it.length >= MIN_LENGTH }
                .distinct().sortedByDescending { it.length }.toList()
            return if (kept.isEmpty()) NONE else Secrets(kept)
        }

        /**
         * The credentials of a request to [url] with [headers]: credential header values (and
         * the credential after `Bearer`/`Basic`/`Token`), the URL's user info and password, and
         * the values of its secret query parameters (raw and percent-decoded).
         */
        fun forRequest(url: String, headers: List<Pair<String, String>>): Secrets {
            val found = ArrayList<String>()
            for ((name, value) in headers) {
                if (!Redaction.isCredentialHeader(name)) continue
                found += value
                val space = value.indexOf(' ')
                if (space > 0) found += value.substring(space + 1)
            }
            found += inUrl(url)
            return of(found)
        }

        /** The user info (whole and its password) and secret parameter values of [url]. */
        fun inUrl(url: String): List<String> {
            val found = ArrayList<String>()
            val parts = UrlParts.split(url)
            parts.userInfo?.let { userInfo ->
                found += userInfo
                found += userInfo.substringAfter(':', "")
            }
            val params = listOfNotNull(parts.query, parts.fragment).flatMap { it.split('&') }
            for (param in params) {
                val eq = param.indexOf('=')
                if (eq <= 0 || !Redaction.isSecretName(param.substring(0, eq))) continue
                val value = param.substring(eq + 1)
                found += value
                found += try {
                    java.net.URLDecoder.decode(value, "UTF-8")
                } catch (e: IllegalArgumentException) {
                    value
                }
            }
            return found
        }
    }
}

/**
 * Stands in for an exception whose message showed a secret (a Ktor or JDK message quoting the
 * URL): the same text with the secret redacted, the same stack trace, and the original class
 * named first, as in `java.net.ConnectException (secrets redacted): ...`.
 */
internal class RedactedException(
    val originalClassName: String,
    message: String?,
    cause: Throwable?,
) : RuntimeException(message, cause) {
    override fun toString(): String = "$originalClassName (secrets redacted)" + (message?.let { ": $it" } ?: "")
}
