package dev.sluice.llm

import dev.sluice.SluiceException

/**
 * A structured answer that does not fit: its final text is not JSON, breaks the requested schema,
 * or the caller's parser or serializer refused it. [path] names where (`$` for the whole value,
 * `$.items[2].price` for a nested one), [reason] what is wrong.
 *
 * @property path where the answer breaks the schema, as a JSONPath (`$` for the whole answer).
 * @property reason what is wrong there.
 * @property json the answer's text as received (the JSON that did not fit).
 */
public class LlmSchemaException internal constructor(
    public val path: String,
    public val reason: String,
    public val json: String,
    cause: Throwable? = null,
) : SluiceException("structured answer does not fit at $path: $reason", cause)
