package org.groupalliance.importer;

import java.util.List;

/**
 * What a check of an import file found: every problem by line and column, the data rows that
 * could be stored as they are ({@code validLines}) and the number of data rows. {@link #clean()}
 * when there is nothing to fix.
 */
public record ImportReport(String groupName, int rows, List<ImportProblem> problems, List<Integer> validLines) {

    public ImportReport {
        problems = List.copyOf(problems);
        validLines = List.copyOf(validLines);
    }

    public boolean clean() {
        return problems.isEmpty();
    }
}
