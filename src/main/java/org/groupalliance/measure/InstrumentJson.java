package org.groupalliance.measure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.groupalliance.base.ValidationException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports and exports instrument definitions as JSON (format: docs/instrument-format.md). An
 * import is validated exactly like a definition made in the app; unknown fields are refused so a
 * typo cannot silently drop a rule.
 */
public final class InstrumentJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private InstrumentJson() {
    }

    public static String write(InstrumentDefinition definition) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "groupalliance-instrument/1");
        doc.put("instrument", definition);
        return MAPPER.writeValueAsString(doc);
    }

    /** @throws ValidationException with field "json" for malformed JSON, or the definition's own rule violations */
    public static InstrumentDefinition read(String json) {
        try {
            var tree = MAPPER.readTree(json);
            var format = tree.get("format");
            if (format == null || !"groupalliance-instrument/1".equals(format.asString())) {
                throw ValidationException.of("json", "Not a GroupAlliance instrument file: \"format\" must be \"groupalliance-instrument/1\"");
            }
            var instrument = tree.get("instrument");
            if (instrument == null) {
                throw ValidationException.of("json", "The file has no \"instrument\"");
            }
            return MAPPER.treeToValue(instrument, InstrumentDefinition.class);
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ValidationException v) {
                throw v;
            }
            throw ValidationException.of("json", "Cannot read the instrument file: " + e.getOriginalMessage());
        }
    }
}
