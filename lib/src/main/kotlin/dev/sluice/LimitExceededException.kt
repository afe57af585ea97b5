package dev.sluice

/**
 * A decoder met input larger than one of its [DecodeLimits]. Everything dispatched before the
 * offending line or event was already delivered; the decoder cannot be used further.
 *
 * @property limitName the exceeded limit: `"maxLineBytes"` or `"maxEventBytes"`.
 * @property limitValue the configured value of that limit, in bytes.
 * @property offset the byte offset in the stream (from 0, counting a byte-order mark) of the
 *   first byte beyond the limit.
 */
public open class LimitExceededException(
    public val limitName: String,
    public val limitValue: Int,
    public val offset: Long,
    detail: String,
) : SluiceException("$detail exceeds $limitName=$limitValue at byte offset $offset")
