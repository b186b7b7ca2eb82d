package org.groupalliance.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.groupalliance.analysis.ScaleScoring;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SiteId;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Construct;
import org.groupalliance.measure.InstrumentDefinition.Direction;
import org.groupalliance.measure.InstrumentDefinition.Item;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentDefinition.ResponseType;
import org.groupalliance.measure.InstrumentDefinition.Subscale;
import org.groupalliance.measure.InstrumentDefinition.Target;
import org.groupalliance.measure.InstrumentJson;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.outcome.OutcomeService;
import org.groupalliance.outcome.Timepoint;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.EndStatus;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupData;
import org.groupalliance.roster.GroupFormat;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberData;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.Modality;
import org.groupalliance.roster.PhaseBoundaries;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.Role;
import org.groupalliance.security.SystemActor;
import org.groupalliance.support.Actors;
import org.groupalliance.support.MariaDbTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Every number the export derives, against R, end to end on real MariaDB:
 * {@code src/test/resources/export/derived.R} read the fixed data set {@code derived_input.csv} /
 * {@code derived_outcomes.csv} (3 groups of 3, 2 and 1 members; members with 1 to 4 sessions; a
 * missing item that leaves the total and one subscale not scorable; leaders' ratings of members beside
 * the members' own; one group-session whose rwg(j) is 0; outcome changes exactly at the reliable-change
 * criterion and at the cut-off) and wrote what each derived cell must hold to
 * {@code derived_expected.csv} (base R {@code ave}/{@code aggregate}/{@code sd},
 * {@code multilevel::ICC1}/{@code ICC2} from {@code aov}, {@code multilevel::rwg.j}). Here the same
 * data is stored through the real services as a user would enter it: an admin imports the fixture's
 * two custom instruments (TST with subscales Alpha and Beta, OUT with its cut-off and criterion) into
 * the instrument library ({@link InstrumentService#importJson}); at a new site one leader per group
 * creates the group (4 planned sessions: early 1-2, middle 3, late 4), adds the members under the
 * fixture's codes, plans TST (members and leaders, every session) and OUT (baseline and post), creates
 * the sessions, takes attendance (present = rated at that session, else absent), enters the members'
 * forms with the fixture's item values (the missing item as missing; the service scores them), rates
 * members as leader, and enters the OUT forms (items that sum to the fixture's totals). A researcher of
 * the site exports through {@link ExportService#writeZip}; {@code long.csv}, {@code group_session.csv}
 * and {@code wide.csv} are read from the zip, R's keys (the fixture's group and member labels) are
 * mapped to research ids with the application's {@link Pseudonymiser}, and each of R's rows is looked
 * up in the files (the loop is over R's rows; the row counts are R's too, so the export can hold no row
 * R does not).
 *
 * <p>Tolerance: 1e-12 relative to the reference (absolute 1e-12 where the reference is below 1 in size,
 * e.g. a centred score near 0): the export writes the shortest decimal that reads back as its double,
 * R's {@code %.17g} is exact, and the two sum in different orders (running sums in the rows' stream
 * order against R's two-pass mean), which differs by a few ulps only. An empty reference cell must be
 * empty in the export too.
 */
@MariaDbTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
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

    @Autowired ApplicationContext context;
    @Autowired InstrumentService instruments;
    @Autowired GroupService groups;
    @Autowired MemberService members;
    @Autowired SessionService sessions;
    @Autowired MeasurementPlanService plans;
    @Autowired RatingService ratings;
    @Autowired OutcomeService outcomes;
    @Autowired ExportService exports;

    Map<String, byte[]> zip;
    Map<String, Map<String, Map<String, String>>> exported; // file -> row key -> column -> cell
    final Map<String, String> groupIds = new HashMap<>(); // fixture group label -> research id
    final Map<String, String> memberIds = new HashMap<>(); // fixture member label (= member code) -> research id

    /** Stores the fixture through the services, then exports it as a researcher of its site. */
    @BeforeAll
    void storeThroughTheServicesAndExport() throws IOException {
        Actors actors = new Actors(context);
        Actors.Account admin = actors.newUser(Role.ADMIN, null);
        as(admin, () -> {
            instruments.importJson(InstrumentJson.write(TST));
            instruments.importJson(InstrumentJson.write(OUT));
        });
        SiteId site = actors.newSite();
        Actors.Account researcher = actors.newUser(Role.RESEARCHER, site);
        Pseudonymiser ids = SystemActor.call(() -> context.getBean(ResearchIds.class).pseudonymiser());

        List<Map<String, String>> input = table(DIR.resolve("derived_input.csv"));
        List<Map<String, String>> outcomeForms = table(DIR.resolve("derived_outcomes.csv"));
        Map<String, Set<String>> membersOf = new TreeMap<>();
        Map<String, Set<Integer>> sessionsOf = new TreeMap<>();
        for (Map<String, String> r : input) {
            membersOf.computeIfAbsent(r.get("group"), k -> new TreeSet<>()).add(r.get("member"));
            sessionsOf.computeIfAbsent(r.get("group"), k -> new TreeSet<>()).add(Integer.parseInt(r.get("session")));
        }
        for (var entry : membersOf.entrySet()) {
            String label = entry.getKey();
            // one leader per group: the fixture's rater_user of the group's leader ratings (101, 102; group 3 has none)
            assertThat(input.stream().filter(r -> r.get("group").equals(label) && r.get("rater").equals("leader")).map(r -> r.get("rater_user"))
                    .distinct()).as("one leader rates in group " + label).hasSizeLessThanOrEqualTo(1);
            Actors.Account leader = actors.newUser(Role.FACILITATOR, site);
            Group group = as(leader, () -> groups.create(new GroupData(site, Actors.unique("Derived group " + label + " "), Modality.CBT,
                    GroupFormat.CLOSED, 4, LocalDate.of(2026, 1, 5), new PhaseBoundaries(1, 2, 3, 3, 4, 4), Set.of(leader.created().id()))));
            groupIds.put(label, ids.id(Pseudonymiser.Kind.GROUP, group.id().value()));
            Map<String, MemberId> member = new LinkedHashMap<>();
            for (String code : entry.getValue()) {
                Member m = as(leader, () -> members.add(group.id(), new MemberData(code, null, 1, null, EndStatus.ONGOING, null)));
                member.put(code, m.id());
                memberIds.put(code, ids.id(Pseudonymiser.Kind.MEMBER, m.id().value()));
            }
            as(leader, () -> {
                plans.save(group.id(), new PlanEntryData("TST", Set.of(Rater.MEMBER, Rater.LEADER), Schedule.everySession(), false, false, List.of()),
                        null);
                plans.save(group.id(), new PlanEntryData("OUT", Set.of(Rater.MEMBER), new Schedule(Schedule.Kind.NONE, null, null, null), true, true,
                        List.of()), null);
            });
            for (int number : sessionsOf.get(label)) {
                List<Map<String, String>> rows = input.stream()
                        .filter(r -> r.get("group").equals(label) && Integer.parseInt(r.get("session")) == number).toList();
                GroupSession created = as(leader, () -> sessions.create(group.id(), new SessionData(number, LocalDate.of(2026, 1, 5).plusWeeks(number - 1),
                        null)));
                Map<MemberId, AttendanceStatus> sheet = new HashMap<>();
                member.values().forEach(m -> sheet.put(m, AttendanceStatus.ABSENT));
                rows.forEach(r -> sheet.put(member.get(r.get("member")), AttendanceStatus.PRESENT));
                GroupSession session = as(leader, () -> sessions.recordAttendance(created.id(), created.version(), sheet));
                List<MemberForm> own = rows.stream().filter(r -> r.get("rater").equals("member"))
                        .map(r -> new MemberForm(member.get(r.get("member")), items(r), null)).toList();
                as(leader, () -> ratings.recordMemberForms(session.id(), "TST", own));
                rows.stream().filter(r -> r.get("rater").equals("leader")).forEach(r -> as(leader,
                        () -> ratings.recordLeaderRating(session.id(), "TST", RatingTarget.member(member.get(r.get("member"))), items(r), null)));
            }
            for (Timepoint tp : List.of(Timepoint.baseline(), Timepoint.post())) {
                List<MemberForm> forms = outcomeForms.stream().filter(r -> r.get("group").equals(label) && r.get("timepoint").equals(tp.kind().name()
                        .toLowerCase())).map(r -> new MemberForm(member.get(r.get("member")), outcomeItems(Integer.parseInt(r.get("total"))), null)).toList();
                as(leader, () -> outcomes.record(group.id(), "OUT", tp, forms));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        as(researcher, () -> exports.writeZip(ExportFilter.ALL, out, "test"));
        zip = ExportMariaDbTest.unzip(out.toByteArray());
        exported = new HashMap<>();
        exported.put(ExportRun.LONG, rows(zip.get(ExportRun.LONG), "member_id", "session", "rater"));
        exported.put(GroupSessionFile.NAME, rows(zip.get(GroupSessionFile.NAME), "group_id", "session", "instrument"));
        exported.put(WideFile.NAME, rows(zip.get(WideFile.NAME), "member_id"));
    }

    @Test
    void the_export_holds_the_fixture_s_scores_and_phases_as_r_read_them() throws IOException {
        // R's input as the services scored and stored it (so R and the export start from the same numbers)
        Map<String, Map<String, String>> longRows = exported.get(ExportRun.LONG);
        List<Map<String, String>> input = table(DIR.resolve("derived_input.csv"));
        for (Map<String, String> r : input) {
            Map<String, String> row = longRows.get(memberIds.get(r.get("member")) + "|" + r.get("session") + "|" + r.get("rater"));
            assertThat(row).as("long.csv row of rating " + r.get("rating_id")).isNotNull();
            assertThat(row.get("group_id")).isEqualTo(groupIds.get(r.get("group")));
            assertThat(row.get("phase")).isEqualTo(r.get("phase"));
            assertThat(row.get("instrument")).isEqualTo("TST");
            for (String c : List.of("item_1", "item_2", "item_3", "item_4", "total", "sub_alpha", "sub_beta")) {
                assertThat(same(r.get(c), row.get(c))).as("rating " + r.get("rating_id") + " " + c + ": fixture " + r.get(c) + ", export " + row.get(c))
                        .isTrue();
            }
        }
        assertThat(longRows).hasSize(input.size());
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

    @Test
    void codebook_csv_gives_wide_s_rc_class_its_criterion_cutoff_and_direction_and_the_outcome_totals_their_missing_limit() {
        String csv = new String(zip.get(Codebook.CSV), StandardCharsets.UTF_8);
        // OUT v1 in the fixture: reliable change 6, cut-off 10, higher is worse, no missing item allowed
        assertThat(csv).contains("wide.csv,out_rc_class,\"OUT reliable change class (Jacobson & Truax 1991; reliable change: at least 6 points; "
                + "caseness cut-off 10, a case at or above it; higher is worse)\",string,recovered; improved; unchanged; deteriorated,"
                + "\"empty = no baseline or post, or the instrument has no criterion\",OUT v1,");
        assertThat(csv).contains("wide.csv,out_baseline,OUT total at baseline,number,,\"empty = no form, or not scorable (no missing item allowed)\",OUT v1,");
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

    /** R's key (the fixture's group and member labels, '|'-separated) as the export's (research ids). */
    String exportKey(String file, String key) {
        String[] k = key.split("\\|");
        String id = switch (file) {
            case GroupSessionFile.NAME -> groupIds.get(k[0]);
            default -> memberIds.get(k[0]);
        };
        assertThat(id).as("research id of " + k[0]).isNotNull();
        k[0] = id;
        return String.join("|", k);
    }

    /** The fixture's TST items (empty = missing: NaN, as the form leaves it). */
    static double[] items(Map<String, String> r) {
        return IntStream.rangeClosed(1, 4).mapToDouble(i -> number(r.get("item_" + i))).toArray();
    }

    /** OUT's nine items (0-3 each) summing to {@code total}: 3s first, then the rest, then 0s. */
    static double[] outcomeItems(int total) {
        double[] items = new double[9];
        for (int i = 0; i < 9; i++) {
            items[i] = Math.min(3, Math.max(0, total - 3 * i));
        }
        assertThat(Arrays.stream(items).sum()).isEqualTo(total);
        return items;
    }

    static double number(String cell) {
        return cell == null || cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }


    /** A written file's rows by the key columns' cells joined with '|' (each key once). */
    static Map<String, Map<String, String>> rows(byte[] file, String... keyColumns) {
        assertThat(file).as("file in the zip").isNotNull();
        List<String> lines = new String(file, StandardCharsets.UTF_8).lines().toList();
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

    /** A fixture CSV's rows as column -> cell. */
    static List<Map<String, String>> table(Path path) throws IOException {
        List<String[]> all = csv(path);
        String[] head = all.getFirst();
        return all.subList(1, all.size()).stream().map(cells -> {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < head.length; i++) {
                row.put(head[i], i < cells.length ? cells[i] : "");
            }
            return row;
        }).toList();
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
