package org.groupalliance.base;

/**
 * The body of an error answer of the scripted API: {@code {"status":401,"error":"token_expired","message":"..."}}.
 * Written by hand so the security filter needs no web framework.
 */
public record JsonError(int status, String error, String message) {

    public String toJson() {
        return "{\"status\":" + status + ",\"error\":" + quote(error) + ",\"message\":" + quote(message) + "}";
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
