package org.groupalliance.export;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import org.groupalliance.analysis.Aggregation;
import org.groupalliance.export.ExportData.GroupRow;
import org.groupalliance.export.ExportData.RatingRow;
import org.groupalliance.export.ExportData.SessionRow;
import org.groupalliance.export.file.CsvWriter;
import org.groupalliance.export.internal.ExportRepository;
import org.groupalliance.measure.InstrumentDefinition;

/**
 * {@code group_session.csv}: one row per group × session × member-rated instrument with n, mean,
 * SD of the members' totals, rwg(j) of their items ({@link Aggregation#rwgJ}) and ICC(1)/ICC(2)
 * across the exported groups at that session number ({@link ExportRun#icc}).
 */
final class GroupSessionFile {

    static final String NAME = "group_session.csv";

    private GroupSessionFile() {
    }

    static List<Variable> variables(ExportRun run) {
        String f = NAME;
        return List.of(
                Variable.groupId(f),
                Variable.siteId(f),
                Variable.of(f, "session", "Session number", "integer", ""),
                Variable.of(f, "days", "Days since the group's first session", "integer", ""),
                Variable.of(f, "phase", "Phase of the session", "string", "early; middle; late"),
                Variable.of(f, "instrument", "Instrument code (members' own ratings, total score)", "string", String.join("; ", run.codes())),
                Variable.of(f, "n", "Members' ratings with a total score", "integer", ""),
                Variable.of(f, "mean", "Mean of the members' total scores", "number", ""),
                Variable.of(f, "sd", "Standard deviation (n - 1) of the members' total scores", "number", ""),
                Variable.of(f, "rwg_j", "rwg(j) of the members' complete item sets, uniform null (James, Demaree & Wolf 1984)", "number", "at most 1"),
                Variable.of(f, "icc1", "ICC(1) of the total across the exported groups at this session number (one-way ANOVA, as multilevel::ICC1;"
                        + " written as computed: with one or two members per group it is unstable and can fall far below 0)", "number", ""),
                Variable.of(f, "icc2", "ICC(2) of the same (as multilevel::ICC2; likewise unstable with one or two members per group)", "number", ""));
    }

    /** The members' own ratings of themselves come ordered by session and instrument: one row per such block. */
    static void write(ExportRun run, OutputStream out) {
        ExportRun.csv(out, variables(run), csv -> {
            List<RatingRow> block = new ArrayList<>();
            run.eachRating(ExportRepository.Order.BY_SESSION, r -> {
                if (!r.raterKind().equals("MEMBER") || !r.targetKind().equals("MEMBER")) {
                    return;
                }
                if (!block.isEmpty() && (block.getFirst().sessionId() != r.sessionId() || !block.getFirst().instrumentCode().equals(r.instrumentCode()))) {
                    row(run, csv, block);
                    block.clear();
                }
                block.add(r);
            });
            if (!block.isEmpty()) {
                row(run, csv, block);
            }
        });
    }

    private static void row(ExportRun run, CsvWriter csv, List<RatingRow> block) {
        RatingRow first = block.getFirst();
        SessionRow s = run.sessions.get(first.sessionId());
        GroupRow g = run.groups.get(first.groupId());
        double[] totals = block.stream().filter(r -> r.total() != null).mapToDouble(RatingRow::total).toArray();
        int n = totals.length;
        double mean = n == 0 ? Double.NaN : java.util.Arrays.stream(totals).average().orElse(Double.NaN);
        double sd = Double.NaN;
        if (n > 1) {
            double ss = 0;
            for (double t : totals) {
                ss += (t - mean) * (t - mean);
            }
            sd = Math.sqrt(ss / (n - 1));
        }
        double[] icc = run.icc(first.instrumentCode(), s.number());
        csv.text(run.group(g.id())).text(run.site(g.siteId())).integer(s.number()).integer(run.days(s)).text(s.phase())
                .text(first.instrumentCode()).integer(n).number(mean).number(sd).number(rwgJ(run, block)).number(icc[0]).number(icc[1]);
        csv.endRow();
    }

    /** rwg(j) over the block's complete item sets with the uniform null of the items' range. */
    private static double rwgJ(ExportRun run, List<RatingRow> block) {
        InstrumentDefinition d = run.used.get(block.getFirst().instrumentCode() + ":" + block.getFirst().instrumentVersion());
        if (d == null || d.items().isEmpty()) {
            return Double.NaN;
        }
        List<double[]> rows = new ArrayList<>();
        for (RatingRow r : block) {
            if (r.instrumentVersion() != d.version()) {
                continue;
            }
            double[] x = r.items();
            if (x.length == d.items().size() && java.util.Arrays.stream(x).noneMatch(Double::isNaN)) {
                rows.add(x);
            }
        }
        if (rows.size() < 2) {
            return Double.NaN;
        }
        var item = d.items().getFirst();
        double range = item.max() - item.min();
        double ranvar = item.type() == InstrumentDefinition.ResponseType.VISUAL_ANALOGUE ? range * range / 12 : ((range + 1) * (range + 1) - 1) / 12;
        String[] groupsOf = new String[rows.size()];
        java.util.Arrays.fill(groupsOf, "g");
        return Aggregation.rwgJ(rows.toArray(double[][]::new), groupsOf, ranvar).perGroup().getFirst().value();
    }
}
