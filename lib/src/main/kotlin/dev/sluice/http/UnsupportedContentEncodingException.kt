package dev.sluice.http

import dev.sluice.SluiceException
import dev.sluice.internal.secrets.Redaction

/**
 * A response whose `Content-Encoding` Sluice cannot decode: only `gzip` (`x-gzip`), `deflate`
 * and `identity` are decoded. Raised before any of the body is delivered, never retried.
 *
 * @property encoding the encoding as received, e.g. `br` or `zstd`.
 * @property url the request URL with its credentials redacted.
 */
public class UnsupportedContentEncodingException(
    public val encoding: String,
    public val method: String,
    url: String,
) : SluiceException(
    "$method ${Redaction.url(url)} answered with Content-Encoding '$encoding', which Sluice cannot decode " +
        "(it decodes gzip and deflate; send Accept-Encoding only with encodings it decodes)",
) {
    public val url: String = Redaction.url(url)
}
