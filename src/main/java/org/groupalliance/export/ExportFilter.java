package org.groupalliance.export;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.groupalliance.base.ValidationException;

/**
 * What to export: sites and groups by their research ids (empty = all the user may export),
 * sessions dated from/to (inclusive, either open), and instrument codes (empty = all). The same
 * filter is the page's form, the API's query parameters ({@code sites}, {@code groups}, {@code from},
 * {@code to}, {@code instruments}; lists comma-separated) and the command line's options.
 */
public record ExportFilter(Set<String> sites, Set<String> groups, LocalDate from, LocalDate to, Set<String> instruments) {

    public static final ExportFilter ALL = new ExportFilter(Set.of(), Set.of(), null, null, Set.of());

    /** The parameter names, in the order the README lists them. */
    public static final Set<String> PARAMETERS = new LinkedHashSet<>(java.util.List.of("sites", "groups", "from", "to", "instruments"));

    public ExportFilter {
        sites = Set.copyOf(sites);
        groups = Set.copyOf(groups);
        instruments = Set.copyOf(instruments);
        if (from != null && to != null && from.isAfter(to)) {
            throw ValidationException.of("from", "from (" + from + ") is after to (" + to + ")");
        }
    }

    /**
     * Reads the filter from named text values (API query parameters, command-line options). An
     * unknown name or an unreadable value is a {@link ValidationException} naming the field.
     */
    public static ExportFilter parse(Map<String, String> values) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (String name : values.keySet()) {
            if (!PARAMETERS.contains(name)) {
                errors.put(name, "unknown filter '" + name + "' (known: " + String.join(", ", PARAMETERS) + ")");
            }
        }
        LocalDate from = date(values.get("from"), "from", errors);
        LocalDate to = date(values.get("to"), "to", errors);
        Set<String> sites = list(values.get("sites"), "sites", "S", errors);
        Set<String> groups = list(values.get("groups"), "groups", "G", errors);
        Set<String> instruments = list(values.get("instruments"), "instruments", null, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new ExportFilter(sites, groups, from, to, instruments);
    }

    private static LocalDate date(String text, String field, Map<String, String> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            errors.put(field, field + ": '" + text + "' is not a date (YYYY-MM-DD)");
            return null;
        }
    }

    private static Set<String> list(String text, String field, String letter, Map<String, String> errors) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        Set<String> values = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (String v : values) {
            boolean ok = letter == null ? v.matches("[A-Za-z0-9_.-]{1,40}") : v.matches(letter + "[0-9a-f]{16}");
            if (!ok) {
                errors.put(field, field + ": '" + v + "' is not " + (letter == null ? "an instrument code" : "a research id like " + letter + "0123456789abcdef"));
            }
        }
        return values;
    }

    /** The filter as the README states it. */
    public String describe() {
        return "sites: " + (sites.isEmpty() ? "all you may export" : String.join(", ", sorted(sites)))
                + "; groups: " + (groups.isEmpty() ? "all you may export" : String.join(", ", sorted(groups)))
                + "; sessions from: " + (from == null ? "first" : from) + "; to: " + (to == null ? "last" : to)
                + "; instruments: " + (instruments.isEmpty() ? "all" : String.join(", ", sorted(instruments)));
    }

    private static java.util.List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
