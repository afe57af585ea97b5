package dev.sluice.llm.request

/** Argument checks and text shortening shared by the request model. */
internal object Names {
    private const val MAX_SHOWN = 60

    /**
     * [text] without leading and trailing spaces and control characters, as Java's `String.trim`
     * (Kotlin's `trim` would also drop non-breaking spaces, yet keep a NUL).
     */
    fun trim(text: String): String = text.trim { it <= ' ' }

    /** Whether [text] is missing or only spaces and control characters. */
    fun isBlank(text: String?): Boolean = text == null || trim(text).isEmpty()

    /** [value], unless it is blank: then an [IllegalArgumentException] naming [what]. */
    fun requireNonBlank(value: String, what: String): String {
        require(!isBlank(value)) { "$what is blank" }
        return value
    }

    /** For toString: long texts (prompts, schemas) are cut so objects print on one short line. */
    fun abbreviate(text: String?): String {
        if (text == null) return "null"
        val oneLine = text.replace("\r", "\\r").replace("\n", "\\n")
        if (oneLine.length <= MAX_SHOWN) return "\"$oneLine\""
        return "\"${oneLine.substring(0, MAX_SHOWN)}...\" (${text.length} chars)"
    }
}
