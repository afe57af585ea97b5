@file:JvmName("Scripts")

package dev.sluice.testkit

import dev.sluice.internal.testkit.schemaReplyFor
import dev.sluice.internal.testkit.wordTokens

/** Kotlin DSL: `script { text("Hi"); usage(3, 1) }`. */
@JvmSynthetic
public fun script(block: ScriptBuilder.() -> Unit): Script = ScriptBuilder().apply(block).build()

/** A script that answers [text], split into word tokens. */
public fun textScript(text: String): Script = ScriptBuilder().text(text).build()

/**
 * The text of the fake server's default reply to [prompt]:
 * `You said: <prompt>. Here is a short answer from the Sluice fake server.`
 */
public fun defaultReplyText(prompt: String): String =
    "You said: $prompt. Here is a short answer from the Sluice fake server."

/** The default reply to [prompt] as a script: [defaultReplyText] split into word tokens. */
public fun defaultReply(prompt: String): Script = textScript(defaultReplyText(prompt))

/**
 * Splits [text] the way [ScriptBuilder.text] does: each token is a run of non-space characters
 * with the whitespace before it, so joining the tokens gives [text] back exactly.
 */
public fun wordTokensOf(text: String): List<String> = wordTokens(text)

/**
 * What the fake server answers by default to a request that asks for structured output (a JSON
 * Schema in any provider's field): a small object that fits the schema, in 8-character tokens;
 * `null` when the request has no schema. A rule that answers everything can call it first.
 */
public fun schemaReply(request: RecordedRequest): Script? = request.bodyJson()?.let(::schemaReplyFor)
