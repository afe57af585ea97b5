package dev.sluice.internal.llm.request

import dev.sluice.llm.request.ContentPart
import dev.sluice.llm.request.PartKind
import dev.sluice.llm.request.Provider

/*
 * Shared refusals for content parts a provider cannot express: each provider's encoder calls
 * these before writing a part, so a request fails before anything is sent.
 */

/** Refuses a cache-control mark (only Anthropic has `cache_control`). */
internal fun ContentPart.refuseCacheControl(provider: Provider) {
    if (isCacheControl) unsupported(provider, "cache control on a content part", "only Anthropic takes cache_control")
}

/** What a part is, for error messages: "an image by URL", "audio bytes". */
internal fun ContentPart.describe(): String {
    val what = when (kind) {
        PartKind.TEXT -> "text"
        PartKind.IMAGE -> "an image"
        PartKind.DOCUMENT -> "a document"
        PartKind.AUDIO -> "audio"
    }
    return if (url != null) "$what by URL" else if (hasData) "$what given as bytes ($mediaType)" else what
}

/** Fails for [part]: [provider] cannot take it. */
internal fun refusePart(provider: Provider, part: ContentPart, hint: String = ""): Nothing =
    unsupported(provider, part.describe() + " in a message", hint)
