package dev.sluice.llm.request;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/** What toString and error messages may show of headers and URLs: never a secret. */
final class Redaction {
    static final String REDACTED = "[redacted]";
    private static final String[] SENSITIVE_NAME_PARTS = {
        "auth", "key", "token", "secret", "cookie", "session", "signature", "password", "credential"
    };

    private Redaction() {}

    /** Headers whose name suggests a credential, or whose value holds the key, are redacted. */
    static boolean isSensitive(String name, String value, ApiKey key) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String part : SENSITIVE_NAME_PARTS) {
            if (lower.contains(part)) return true;
        }
        return key != null && value.contains(key.reveal());
    }

    static String headers(Map<String, String> headers, ApiKey key) {
        StringBuilder s = new StringBuilder("{");
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (s.length() > 1) s.append(", ");
            s.append(e.getKey()).append('=')
                    .append(isSensitive(e.getKey(), e.getValue(), key) ? REDACTED : e.getValue());
        }
        return s.append('}').toString();
    }

    /** A URL without user info or query values, which may carry credentials. */
    static String url(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getRawAuthority() == null) return REDACTED;
            StringBuilder s = new StringBuilder();
            if (uri.getScheme() != null) s.append(uri.getScheme()).append("://");
            if (uri.getRawUserInfo() != null) s.append(REDACTED).append('@');
            s.append(uri.getHost() == null ? REDACTED : uri.getHost());
            if (uri.getPort() != -1) s.append(':').append(uri.getPort());
            if (uri.getRawPath() != null) s.append(uri.getRawPath());
            if (uri.getRawQuery() != null) s.append("?").append(REDACTED);
            return s.toString();
        } catch (URISyntaxException e) {
            return REDACTED;
        }
    }
}
