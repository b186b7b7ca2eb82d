package org.groupalliance.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Reference values written by the R scripts in src/test/resources/analysis: "key,value" lines, NA as missing. */
public final class RReference {

    public static final Path DIR = Path.of("src/test/resources/analysis");

    private RReference() {
    }

    public static Map<String, Double> load(String file) throws IOException {
        Map<String, Double> values = new HashMap<>();
        for (String line : Files.readAllLines(DIR.resolve(file))) {
            int comma = line.lastIndexOf(',');
            String v = line.substring(comma + 1);
            values.put(line.substring(0, comma), v.equals("NA") ? Double.NaN : Double.parseDouble(v));
        }
        return values;
    }
}
