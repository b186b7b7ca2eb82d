package org.groupalliance.base;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * Renders records, collections and scalars as compact JSON for the audit log's before/after
 * columns. Deterministic (record component order) so that two snapshots can be compared by eye.
 * Components marked {@link Auditable.Redacted} appear as {@code "[redacted]"} when set.
 */
public final class AuditJson {

    private AuditJson() {
    }

    public static String of(Object value) {
        if (value == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value) {
        switch (value) {
            case null -> sb.append("null");
            case Number n -> sb.append(n);
            case Boolean b -> sb.append(b);
            // an Optional is its value or null, never "Optional[1]"
            case java.util.Optional<?> o -> write(sb, o.orElse(null));
            case java.util.OptionalInt o -> write(sb, o.isPresent() ? o.getAsInt() : null);
            case java.util.OptionalLong o -> write(sb, o.isPresent() ? o.getAsLong() : null);
            case java.util.OptionalDouble o -> write(sb, o.isPresent() ? o.getAsDouble() : null);
            case Record r -> writeRecord(sb, r);
            case Collection<?> c -> {
                sb.append('[');
                boolean first = true;
                for (Object o : c) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    write(sb, o);
                }
                sb.append(']');
            }
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    quote(sb, String.valueOf(e.getKey()));
                    sb.append(':');
                    write(sb, e.getValue());
                }
                sb.append('}');
            }
            default -> quote(sb, value.toString());
        }
    }

    private static void writeRecord(StringBuilder sb, Record r) {
        RecordComponent[] components = r.getClass().getRecordComponents();
        // typed ids (a record with one long component) are written as their bare number
        if (components.length == 1 && components[0].getType() == long.class && r.getClass().getSimpleName().endsWith("Id")) {
            sb.append(read(components[0], r));
            return;
        }
        sb.append('{');
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            RecordComponent c = components[i];
            quote(sb, c.getName());
            sb.append(':');
            Object v = read(c, r);
            if (v != null && c.isAnnotationPresent(Auditable.Redacted.class)) {
                quote(sb, "[redacted]");
            } else {
                write(sb, v);
            }
        }
        sb.append('}');
    }

    private static Object read(RecordComponent c, Record r) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append(JsonError.quote(s));
    }
}
