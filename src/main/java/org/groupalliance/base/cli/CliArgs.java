package org.groupalliance.base.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --name value} options of a command line, checked against the options a command knows.
 * A bad command line is an {@link IllegalArgumentException} whose message names the option.
 */
public final class CliArgs {

    private final Map<String, String> values;

    private CliArgs(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code --a x --b y}; {@code flags} take no value. Unknown or repeated options are refused. */
    public static CliArgs parse(List<String> args, Set<String> options, Set<String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (!word.startsWith("--") || word.length() == 2) {
                throw new IllegalArgumentException("unexpected '" + word + "' (options are --name value)");
            }
            String name = word.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (flags.contains(name)) {
                value = "true";
            } else {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args.get(++i);
            }
            if (!options.contains(name) && !flags.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException("--" + name + " is given twice");
            }
        }
        return new CliArgs(values);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String require(String name) {
        return get(name).filter(v -> !v.isBlank()).orElseThrow(() -> new IllegalArgumentException("--" + name + " is required"));
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }
}
