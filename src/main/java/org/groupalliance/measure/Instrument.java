package org.groupalliance.measure;

import java.time.LocalDateTime;

/** One stored version of an instrument definition. {@code rowVersion} guards retire/reinstate. */
public record Instrument(InstrumentDefinition definition, boolean builtIn, boolean retired, int rowVersion, LocalDateTime createdAt,
                         String createdBy) {

    public String code() {
        return definition.code();
    }

    public int version() {
        return definition.version();
    }
}
