package org.groupalliance.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.groupalliance.measure.BuiltInInstruments;
import org.groupalliance.measure.InstrumentDefinition;
import org.junit.jupiter.api.Test;

/**
 * The codebook states, per instrument, what rc_class and the scores rest on: the reliable-change
 * criterion, the caseness cut-off, sum or mean scoring with its missing-item limits and the fields
 * the definition marks unverified, read from the definitions (the published criteria are written out
 * here, so a definition or a codebook that loses them fails). The CSV data dictionary's wide.csv
 * rc_class label and outcome totals' missing column are checked on a real export in
 * ExportDerivedAgainstRTest.
 */
class ExportCodebookInstrumentsTest {

    static String markdown(List<InstrumentDefinition> instruments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Codebook.writeMarkdown(List.of(), instruments, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static String section(String md, InstrumentDefinition d) {
        int start = md.indexOf("\n### " + d.code() + " v" + d.version() + ":");
        assertThat(start).as(d.code() + "'s section").isNotNegative();
        int end = md.indexOf("\n### ", start + 1);
        return md.substring(start, end < 0 ? md.length() : end);
    }

    @Test
    void each_outcome_instrument_s_reliable_change_cutoff_scoring_and_unverified_fields_are_in_codebook_md() {
        // the published criteria (Jacobson & Truax reliable change as the definitions' sources give them)
        Map<InstrumentDefinition, String> criterion = Map.of(BuiltInInstruments.phq9(), "6 points", BuiltInInstruments.core10(), "6 points",
                BuiltInInstruments.gad7(), "4 points", BuiltInInstruments.sessionOutcome(), "5 points, unverified",
                BuiltInInstruments.oq45(), "14 points");
        String md = markdown(BuiltInInstruments.all());
        criterion.forEach((d, rc) -> {
            String s = section(md, d);
            assertThat(s).as(d.code()).contains("- reliable-change criterion (wide.csv's rc_class: a change at least this large is reliable): " + rc + "\n");
            assertThat(s).as(d.code()).contains("- caseness cut-off: " + org.groupalliance.export.file.CsvWriter.format(d.cutoff())
                    + (d.direction() == InstrumentDefinition.Direction.HIGHER_IS_WORSE ? ", a case at or above it" : ", a case below it"));
            assertThat(s).as(d.code()).contains("- scoring: sum");
            assertThat(s).as(d.code()).contains("- unverified (to be checked against the manual before use): " + String.join(", ",
                    new java.util.TreeSet<>(d.unverified())) + "\n");
        });
        assertThat(section(md, BuiltInInstruments.phq9())).contains("- scoring: sum of the items; no missing item allowed, else not scorable").contains("- caseness cut-off: 10, a case at or above it\n");
        assertThat(section(md, BuiltInInstruments.gad7())).contains("- caseness cut-off: 8, a case at or above it, unverified\n")
                .contains("unverified (to be checked against the manual before use): cutoff, licence\n");
        assertThat(section(md, BuiltInInstruments.core10())).contains("- scoring: sum, prorated when items are missing (number of items × mean of the answered items); "
                + "at most 1 missing item and at most 0.1 of the items missing, else not scorable");
        assertThat(section(md, BuiltInInstruments.sessionOutcome())).contains("- caseness cut-off: 25, a case below it\n");
        assertThat(section(md, BuiltInInstruments.oq45())).contains("- caseness cut-off: 63, a case at or above it, unverified\n");
        // an instrument without criteria says so
        assertThat(section(md, BuiltInInstruments.sessionAlliance())).contains("- reliable-change criterion (wide.csv's rc_class: a change at least "
                + "this large is reliable): none\n").contains("- caseness cut-off: none\n");
    }
}
