package org.groupalliance.base.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.HasValidation;
import org.groupalliance.base.ValidationException;

/**
 * Shows a service's {@link ValidationException} next to the fields it names. The service is the
 * authority on every rule; the form only displays what it says.
 */
public final class FieldErrors {

    private final Map<String, HasValidation> fields = new LinkedHashMap<>();

    public FieldErrors bind(String key, HasValidation field) {
        fields.put(key, field);
        return this;
    }

    public void clear() {
        fields.values().forEach(f -> {
            f.setInvalid(false);
            f.setErrorMessage(null);
        });
    }

    /** Marks the named fields invalid; returns the messages that have no field in this form. */
    public List<String> show(ValidationException e) {
        clear();
        return e.fieldErrors().entrySet().stream()
                .filter(entry -> {
                    HasValidation f = fields.get(entry.getKey());
                    if (f == null) {
                        return true;
                    }
                    f.setErrorMessage(entry.getValue());
                    f.setInvalid(true);
                    return false;
                })
                .map(Map.Entry::getValue)
                .toList();
    }
}
