package org.groupalliance.insight;

import java.util.List;

/**
 * The alliance–outcome summary of one group as the report prints it: plain sentences, each with
 * its numbers (n, r, CI), in the order given. Filled by an {@link AllianceSummarySource}.
 *
 * @param available whether a source produced the lines (false: the report says the summary is not available)
 * @param lines     the sentences
 */
public record AllianceSummary(boolean available, List<String> lines) {

    /** Heading of the section, in the PDF and on the page. */
    public static final String HEADING = "Alliance–outcome summary";

    public AllianceSummary {
        lines = List.copyOf(lines);
    }

    public static AllianceSummary of(List<String> lines) {
        return new AllianceSummary(true, lines);
    }

    /** No source in this build: the section is there and says so. */
    public static AllianceSummary notAvailable() {
        return new AllianceSummary(false, List.of("The alliance–outcome summary is not available in this version."));
    }
}
