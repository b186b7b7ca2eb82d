package org.groupalliance.base;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input broke a rule; nothing was stored. Carries one message per field (the key is the
 * record component name the form binds to), so a form can show each message next to its field.
 */
public final class ValidationException extends RuntimeException {

    private final Map<String, String> fieldErrors;

    public ValidationException(Map<String, String> fieldErrors) {
        super(describe(fieldErrors));
        if (fieldErrors.isEmpty()) {
            throw new IllegalArgumentException("a ValidationException needs at least one field error");
        }
        this.fieldErrors = Collections.unmodifiableMap(new LinkedHashMap<>(fieldErrors));
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException(Map.of(field, message));
    }

    /** Field name to message, in the order the rules were checked. */
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    private static String describe(Map<String, String> errors) {
        StringBuilder sb = new StringBuilder();
        errors.forEach((field, message) -> {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(field).append(": ").append(message);
        });
        return sb.toString();
    }
}
