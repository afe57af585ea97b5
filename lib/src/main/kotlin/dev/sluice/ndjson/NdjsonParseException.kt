package dev.sluice.ndjson

import dev.sluice.SluiceException

/**
 * A line of an NDJSON stream is not one valid JSON value (of the expected type). Values on the
 * lines before it were already delivered.
 *
 * @property lineNumber the 1-based number of the line, counting blank lines.
 * @property offset the byte offset in the stream of the line's first byte.
 * @property snippet the start of the line, at most 64 characters, with `…` when cut.
 */
public class NdjsonParseException(
    public val lineNumber: Long,
    public val offset: Long,
    public val snippet: String,
    cause: Throwable?,
) : SluiceException(
    "malformed NDJSON on line $lineNumber (byte offset $offset): ${cause?.message?.lineSequence()?.firstOrNull() ?: "invalid JSON"}; line starts: $snippet",
    cause,
)
