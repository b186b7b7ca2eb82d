package org.groupalliance.importer;

import java.util.List;

/** A stored import: how many ratings were stored, from which lines, and the lines left out (with "valid rows only"). */
public record ImportResult(int stored, List<Integer> storedLines, List<Integer> skippedLines) {
    public ImportResult {
        storedLines = List.copyOf(storedLines);
        skippedLines = List.copyOf(skippedLines);
    }
}
