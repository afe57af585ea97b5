@file:JvmName("Redaction")

package dev.sluice

import dev.sluice.internal.secrets.Redaction as Rules

// Top-level functions, not an `object`: Java calls `Redaction.url(url)` and `Redaction.text(text)`;
// Kotlin calls `redactUrl(url)` and `redactText(text)`. The same rules every Sluice error uses.

/**
 * [url] as Sluice shows it in errors and `toString`s: its user info and the values of query (and
 * fragment) parameters whose name suggests a secret (`key`, `api_key`, `api-key`, `token`,
 * `access_token`, `sig`, `signature`, `password`, `secret`, `code`..., any case) replaced by
 * `[redacted]`, the rest readable:
 * `https://host/v1/models/x:streamGenerateContent?alt=sse&key=[redacted]`. A string that is not a
 * valid URL is cut the same way, so whatever it holds, no user info or secret value survives.
 * Java: `Redaction.url(url)`.
 */
@JvmName("url")
public fun redactUrl(url: String): String = Rules.url(url)

/**
 * [text] (a log line, an error message) with what visibly is a credential replaced by
 * `[redacted]`: URLs as [redactUrl] does, `name=value` and JSON `"name": "value"` pairs with such
 * a name, `Authorization:` / `x-api-key:` / `x-goog-api-key:` values and `Bearer` tokens. A key
 * with nothing around it that says so cannot be recognised: replace known values yourself.
 * Java: `Redaction.text(text)`.
 */
@JvmName("text")
public fun redactText(text: String): String = Rules.text(text)
