package dev.sluice.llm.request;

/** Argument checks and text shortening shared by the request model. */
final class Names {
    private static final int MAX_SHOWN = 60;

    private Names() {}

    static String requireNonBlank(String value, String what) {
        if (value == null) throw new NullPointerException(what);
        if (value.trim().isEmpty()) throw new IllegalArgumentException(what + " is blank");
        return value;
    }

    /** For toString: long texts (prompts, schemas) are cut so objects print on one short line. */
    static String abbreviate(String text) {
        if (text == null) return "null";
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
        if (oneLine.length() <= MAX_SHOWN) return '"' + oneLine + '"';
        return '"' + oneLine.substring(0, MAX_SHOWN) + "...\" (" + text.length() + " chars)";
    }
}
