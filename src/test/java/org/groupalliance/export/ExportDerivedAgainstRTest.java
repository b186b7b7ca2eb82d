package org.groupalliance.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.groupalliance.analysis.ScaleScoring;
import org.groupalliance.export.ExportData.GroupRow;
import org.groupalliance.export.ExportData.MemberRow;
import org.groupalliance.export.ExportData.OutcomeRow;
import org.groupalliance.export.ExportData.RatingRow;
import org.groupalliance.export.ExportData.SessionRow;
import org.groupalliance.export.internal.FixtureExportRepository;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Construct;
import org.groupalliance.measure.InstrumentDefinition.Direction;
import org.groupalliance.measure.InstrumentDefinition.Item;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentDefinition.ResponseType;
import org.groupalliance.measure.InstrumentDefinition.Subscale;
import org.groupalliance.measure.InstrumentDefinition.Target;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every number the export derives, against R: {@code src/test/resources/export/derived.R} read the
 * fixed data set {@code derived_input.csv} / {@code derived_outcomes.csv} (3 groups of 3, 2 and 1
 * members; members with 1 to 4 sessions; a missing item that leaves the total and one subscale not
 * scorable; leaders' ratings of members beside the members' own) and wrote what each derived cell
 * must hold to {@code derived_expected.csv} (base R {@code ave}/{@code aggregate}/{@code sd},
 * {@code multilevel::ICC1}/{@code ICC2} from {@code aov}, {@code multilevel::rwg.j}). Here the same
 * rows go through the real code path ({@link ExportRun#prepare}, {@link ExportRun#writeLong},
 * {@link GroupSessionFile}, {@link WideFile}) over an in-memory read model (no database: the read
 * model's own tests are ExportMariaDbTest and ExportH2Test), the files are parsed and each of R's
 * rows is looked up in them (the loop is over R's rows; the row counts are R's too, so the export can
 * hold no row R does not).
 *
 * <p>Tolerance: 1e-12 relative to the reference (absolute 1e-12 where the reference is below 1 in size,
 * e.g. a centred score near 0): the export writes the shortest decimal that reads back as its double,
 * R's {@code %.17g} is exact, and the two sum in different orders (running sums in the rows' stream
 * order against R's two-pass mean), which differs by a few ulps only. An empty reference cell must be
 * empty in the export too.
 */
class ExportDerivedAgainstRTest {

    static final Path DIR = Path.of("src/test/resources/export");
    static final double TOLERANCE = 1e-12;
    static final InstrumentDefinition TST = new InstrumentDefinition("TST", "Test alliance scale", 1, Construct.ALLIANCE, Target.MEMBER_TO_LEADER,
            Set.of(Rater.MEMBER, Rater.LEADER), IntStream.rangeClosed(1, 4)
                    .mapToObj(n -> new Item(n, "item " + n, null, ResponseType.INTEGER_SCALE, 1, 7, "low", "high")).toList(),
            Set.of(), List.of(new Subscale("Alpha", List.of(1, 2)), new Subscale("Beta", List.of(3, 4))),
            new InstrumentDefinition.Scoring(ScaleScoring.Method.SUM, 0, 0), null, null, null, Direction.HIGHER_IS_BETTER, "test fixture",
            "test fixture", Set.of());
    static final InstrumentDefinition OUT = new InstrumentDefinition("OUT", "Test outcome scale", 1, Construct.OUTCOME, Target.MEMBER_STATE,
            Set.of(Rater.MEMBER), IntStream.rangeClosed(1, 9)
                    .mapToObj(n -> new Item(n, "item " + n, null, ResponseType.INTEGER_SCALE, 0, 3, "low", "high")).toList(),
            Set.of(), List.of(), new InstrumentDefinition.Scoring(ScaleScoring.Method.SUM, 0, 0), null, 10.0, 6.0, Direction.HIGHER_IS_WORSE,
            "test fixture", "test fixture", Set.of());

    static Map<String, Map<String, Map<String, String>>> exported; // file -> row key -> column -> cell
    static ExportRun run;

    @BeforeAll
    static void export() throws IOException {
        FixtureExportRepository repo = new FixtureExportRepository();
        List<String[]> input = csv(DIR.resolve("derived_input.csv"));
        Map<String, Integer> col = header(input.getFirst());
        Map<Long, Set<Long>> membersOf = new LinkedHashMap<>();
        Map<String, SessionRow> sessions = new LinkedHashMap<>();
        for (String[] r : input.subList(1, input.size())) {
            long group = Long.parseLong(r[col.get("group")]);
            long member = Long.parseLong(r[col.get("member")]);
            int number = Integer.parseInt(r[col.get("session")]);
            membersOf.computeIfAbsent(group, k -> new java.util.TreeSet<>()).add(member);
            SessionRow s = sessions.computeIfAbsent(group + "|" + number, k -> new SessionRow(group * 100 + number, group, number,
                    LocalDate.of(2026, 1, 5).plusWeeks(number - 1), r[col.get("phase")]));
            double[] items = new double[4];
            for (int i = 0; i < 4; i++) {
                items[i] = number(r[col.get("item_" + (i + 1))]);
            }
            Map<String, Double> subscales = new LinkedHashMap<>();
            subscales.put("Alpha", number(r[col.get("sub_alpha")]));
            subscales.put("Beta", number(r[col.get("sub_beta")]));
            boolean leader = r[col.get("rater")].equals("leader");
            double total = number(r[col.get("total")]);
            repo.ratings.add(new RatingRow(Long.parseLong(r[col.get("rating_id")]), group, s.id(), "TST", 1, leader ? "LEADER" : "MEMBER",
                    leader ? null : member, leader ? Long.valueOf(r[col.get("rater_user")]) : null, "MEMBER", member, null, items, new boolean[4],
                    Double.isNaN(total) ? null : total, subscales));
        }
        repo.sessions.addAll(sessions.values());
        membersOf.forEach((group, members) -> {
            repo.groups.add(new GroupRow(group, 1, "group " + group, "site", "PROCESS", "CLOSED", 4, 2, 3, List.of(100 + group)));
            members.forEach(m -> repo.members.add(new MemberRow(m, group, 1, null, "ONGOING")));
        });
        List<String[]> outcomes = csv(DIR.resolve("derived_outcomes.csv"));
        Map<String, Integer> oc = header(outcomes.getFirst());
        for (String[] r : outcomes.subList(1, outcomes.size())) {
            repo.outcomes.add(new OutcomeRow(Long.parseLong(r[oc.get("member")]), Long.parseLong(r[oc.get("group")]), "OUT", 1,
                    r[oc.get("timepoint")].toUpperCase(), 0, number(r[oc.get("total")]), new double[9], new boolean[9]));
        }
        Map<String, InstrumentDefinition> definitions = Map.of("TST:1", TST, "OUT:1", OUT);
        run = new ExportRun(new Pseudonymiser("derived-fixture-secret-of-32-byt".getBytes(StandardCharsets.US_ASCII)), repo,
                membersOf.keySet(), null, null, Set.of(), definitions::get).prepare();
        exported = new HashMap<>();
        exported.put(ExportRun.LONG, rows(write(run::writeLong), "member_id", "session", "rater"));
        exported.put(GroupSessionFile.NAME, rows(write(out -> GroupSessionFile.write(run, out)), "group_id", "session", "instrument"));
        exported.put(WideFile.NAME, rows(write(out -> WideFile.write(run, out)), "member_id"));
    }

    @Test
    void every_derived_value_equals_r_s() throws IOException {
        List<String[]> expected = csv(DIR.resolve("derived_expected.csv"));
        Map<String, Integer> c = header(expected.getFirst());
        int checked = 0;
        List<String> wrong = new ArrayList<>();
        for (String[] e : expected.subList(1, expected.size())) {
            String file = e[c.get("file")];
            String key = e[c.get("key")];
            String variable = e[c.get("variable")];
            String want = e.length > c.get("value") ? e[c.get("value")] : "";
            Map<String, Map<String, String>> rows = exported.get(file);
            assertThat(rows).as(file).isNotNull();
            List<String> actual = new ArrayList<>();
            if (variable.equals("rows")) {
                actual.add(Integer.toString(rows.size()));
            } else if (variable.endsWith("_grand_mean")) {
                // no column: every row of the rater kind with a person mean must hold person mean - between = the grand mean
                String score = variable.substring(0, variable.length() - "_grand_mean".length());
                String rater = key.substring("rater=".length());
                rows.values().stream().filter(r -> r.get("rater").equals(rater) && !r.get(score + "_pm").isEmpty())
                        .forEach(r -> actual.add(Double.toString(Double.parseDouble(r.get(score + "_pm")) - Double.parseDouble(r.get(score + "_between")))));
                assertThat(actual).as(variable + " " + key + ": rows to check").isNotEmpty();
            } else {
                Map<String, String> row = rows.get(exportKey(file, key));
                assertThat(row).as(file + " has the row " + key).isNotNull();
                assertThat(row).as(file + " has the column " + variable).containsKey(variable);
                actual.add(row.get(variable));
            }
            for (String got : actual) {
                checked++;
                if (!same(want, got)) {
                    wrong.add(file + " " + key + " " + variable + ": R " + (want.isEmpty() ? "(empty)" : want) + ", export "
                            + (got.isEmpty() ? "(empty)" : got));
                }
            }
        }
        assertThat(wrong).as("values that differ from R's (of " + checked + " checked)").isEmpty();
        assertThat(checked).isGreaterThan(400);
    }

    static boolean same(String want, String got) {
        if (want.isEmpty() || got.isEmpty()) {
            return want.isEmpty() && got.isEmpty();
        }
        double w;
        try {
            w = Double.parseDouble(want);
        } catch (NumberFormatException text) {
            return want.equals(got);
        }
        double g = Double.parseDouble(got);
        return Math.abs(g - w) <= TOLERANCE * Math.max(1, Math.abs(w));
    }

    /** R's key (fixture ids, '|'-separated) as the export's (research ids). */
    static String exportKey(String file, String key) {
        String[] k = key.split("\\|");
        return switch (file) {
            case ExportRun.LONG -> run.member(Long.parseLong(k[0])) + "|" + k[1] + "|" + k[2];
            case GroupSessionFile.NAME -> run.group(Long.parseLong(k[0])) + "|" + k[1] + "|" + k[2];
            default -> run.member(Long.parseLong(k[0]));
        };
    }

    static double number(String cell) {
        return cell == null || cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }

    static String write(java.util.function.Consumer<OutputStream> writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.accept(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A written file's rows by the key columns' cells joined with '|' (each key once). */
    static Map<String, Map<String, String>> rows(String text, String... keyColumns) {
        List<String> lines = text.lines().toList();
        String[] head = lines.getFirst().split(",", -1);
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line).as("no quoted cells in these files").doesNotContain("\"");
            String[] cells = line.split(",", -1);
            assertThat(cells).hasSize(head.length);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < head.length; i++) {
                row.put(head[i], cells[i]);
            }
            String key = String.join("|", Arrays.stream(keyColumns).map(row::get).toList());
            assertThat(rows.put(key, row)).as("one row per key " + key).isNull();
        }
        return rows;
    }

    static List<String[]> csv(Path path) throws IOException {
        return Files.readAllLines(path).stream().map(l -> l.split(",", -1)).toList();
    }

    static Map<String, Integer> header(String[] head) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < head.length; i++) {
            m.put(head[i], i);
        }
        return m;
    }

}
