package dev.sluice.llm.request

import dev.sluice.SluiceException

/**
 * A request could not be configured or encoded: no API key where one is required, a base URL
 * that is not an http(s) URL, JSON text that does not parse, or an option the chosen provider
 * does not support. The message says what and where; it never contains an API key or header value.
 */
public class LlmRequestException @JvmOverloads constructor(message: String, cause: Throwable? = null) :
    SluiceException(message, cause)
