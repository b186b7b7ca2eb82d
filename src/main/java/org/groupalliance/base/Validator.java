package org.groupalliance.base;

import java.util.LinkedHashMap;
import java.util.Map;

/** Collects field errors, then throws them together so the user sees every broken rule at once. */
public final class Validator {

    private final Map<String, String> errors = new LinkedHashMap<>();

    /** Records {@code message} for {@code field} unless {@code ok}; the first message per field wins. */
    public Validator check(boolean ok, String field, String message) {
        if (!ok) {
            errors.putIfAbsent(field, message);
        }
        return this;
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
