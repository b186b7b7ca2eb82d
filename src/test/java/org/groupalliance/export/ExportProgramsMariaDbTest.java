package org.groupalliance.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import org.groupalliance.export.internal.ExportRepository;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.support.Actors;
import org.groupalliance.support.CleanDatabase;
import org.groupalliance.support.DemoDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ActiveProfiles;

/**
 * The files for Stata, Mplus and HLM of the demo clinic (a deterministic fixture: the demo's seeded
 * data in a fresh schema, research ids under a fixed test secret) against reviewed golden files in
 * {@code src/test/resources/export/golden} (no licence to run those programs here), their structural
 * rules, and the ruptures file: structured fields only, never a note.
 *
 * <p>To re-make the golden files after a deliberate change: run with {@code -Dga.golden.update=true}
 * and review the diff.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {DemoDatabase.SEED,
        DemoDatabase.URL + "ga_demo_export_programs" + DemoDatabase.OPTIONS})
@ActiveProfiles({"test", "mariadb"})
@Import(CleanDatabase.class)
class ExportProgramsMariaDbTest {

    static final byte[] FIXTURE_SECRET = "golden-fixture-secret-of-32-byte".getBytes(StandardCharsets.US_ASCII);
    static final Path GOLDEN = Path.of("src/test/resources/export/golden");
    static final String MARKER = "ZQX-FREE-TEXT-MARKER";

    @Autowired ApplicationContext context;
    @Autowired ExportService exports;
    @Autowired ExportRepository repository;
    @Autowired InstrumentService instruments;
    @Autowired JdbcTemplate jdbc;
    @Autowired UserDetailsService users;
    AppUserPrincipal rita;
    AppUserPrincipal anna;

    @BeforeEach
    void setUp() {
        Actors.useSecurityOf(context);
        rita = (AppUserPrincipal) users.loadUserByUsername("rita.research");
        anna = (AppUserPrincipal) users.loadUserByUsername("anna.leader");
    }

    /** Every group of rita's demo site (Riverside; the second demo site is not hers), research ids under the fixture's secret. */
    ExportRun fixtureRun() {
        List<Long> groupIds = jdbc.queryForList("SELECT id FROM therapy_group WHERE id IN " + ExportMariaDbTest.RIVERSIDE + " ORDER BY id", Long.class);
        return as(rita, () -> new ExportRun(new Pseudonymiser(FIXTURE_SECRET), repository, groupIds, null, null, Set.of(), key -> {
            int colon = key.lastIndexOf(':');
            return instruments.get(key.substring(0, colon), Integer.parseInt(key.substring(colon + 1))).definition();
        }).prepare());
    }

    static String text(ExportRun run, BiConsumer<ExportRun, OutputStream> writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.accept(run, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    Map<String, String> programFiles() {
        ExportRun run = fixtureRun();
        Map<String, String> files = new LinkedHashMap<>();
        files.put(StataSyntax.NAME, text(run, StataSyntax::write));
        files.put(MplusFiles.INPUT, text(run, MplusFiles::writeInput));
        files.put(MplusFiles.DATA, text(run, MplusFiles::writeData));
        files.put(HlmFiles.LEVEL1, text(run, HlmFiles::writeLevel1));
        files.put(HlmFiles.LEVEL2, text(run, HlmFiles::writeLevel2));
        files.put(HlmFiles.README, text(run, HlmFiles::writeReadme));
        return files;
    }

    @Test
    void stata_mplus_and_hlm_files_equal_the_reviewed_golden_files() throws Exception {
        Map<String, String> files = programFiles();
        if (Boolean.getBoolean("ga.golden.update")) {
            Files.createDirectories(GOLDEN);
            for (var f : files.entrySet()) {
                Files.writeString(GOLDEN.resolve(f.getKey()), f.getValue());
            }
        }
        assertThat(files.get(MplusFiles.DATA)).as("the fixture has data").hasLineCount((int) (long) jdbc.queryForObject(
                "SELECT COUNT(*) FROM rating WHERE target_kind = 'MEMBER' AND group_id IN " + ExportMariaDbTest.RIVERSIDE, Long.class));
        for (var f : files.entrySet()) {
            assertThat(f.getValue()).as(f.getKey() + " against " + GOLDEN.resolve(f.getKey()) + " (re-make: -Dga.golden.update=true)")
                    .isEqualTo(Files.readString(GOLDEN.resolve(f.getKey())));
        }
        // the same run twice gives the same files
        assertThat(programFiles()).isEqualTo(files);
    }

    @Test
    void mplus_input_keeps_mplus_s_limits_and_declares_every_column_of_the_data_file() {
        ExportRun run = fixtureRun();
        String inp = text(run, MplusFiles::writeInput);
        String dat = text(run, MplusFiles::writeData);
        assertThat(inp.lines().toList()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(90));
        String namesPart = inp.substring(inp.indexOf("NAMES =") + "NAMES =".length(), inp.indexOf(';', inp.indexOf("NAMES =")));
        List<String> names = Arrays.stream(namesPart.trim().split("\\s+")).toList();
        assertThat(names).allSatisfy(n -> assertThat(n.length()).as(n).isLessThanOrEqualTo(8)).doesNotHaveDuplicates()
                .contains("gnum", "mnum", "session", "tot", "tot_wi", "i1");
        assertThat(dat.lines().toList()).isNotEmpty().allSatisfy(line -> {
            assertThat(line.length()).as("Mplus reads data records of at most 5000 characters").isLessThanOrEqualTo(5000);
            String[] cells = line.split(" ");
            assertThat(cells).as(line).hasSize(names.size());
            assertThat(cells).allSatisfy(c -> assertThat(c).matches("-?\\d+(\\.\\d+)?"));
        });
        assertThat(inp).contains("MISSING = ALL (-999 -998);").contains("TYPE = TWOLEVEL;").contains("CLUSTER = mnum;")
                .contains("USEVARIABLES = session tot;").contains("DATA: FILE = mplus.dat;");
        // each short name is declared in the codebook next to its long.csv variable
        ByteArrayOutputStream codebook = new ByteArrayOutputStream();
        Codebook.writeCsv(ExportService.variables(run), MplusFiles.shortNames(run), codebook);
        List<String> rows = codebook.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(rows.getFirst()).endsWith(",short_name");
        Map<String, String> declared = new HashMap<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",", -1);
            if (cells[0].equals("long.csv") && !cells[cells.length - 1].isEmpty()) {
                declared.put(cells[cells.length - 1], cells[1]);
            }
        }
        assertThat(declared.keySet()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(declared).containsEntry("mnum", "member_id").containsEntry("tot_wi", "total_within").containsEntry("i1", "item_1");
    }

    @Test
    void hlm_files_are_sorted_by_id_fixed_width_and_every_level_1_id_has_its_level_2_line() {
        ExportRun run = fixtureRun();
        List<String> level1 = text(run, HlmFiles::writeLevel1).lines().toList();
        List<String> level2 = text(run, HlmFiles::writeLevel2).lines().toList();
        assertThat(level1).hasSizeGreaterThan(30).allSatisfy(l -> assertThat(l).hasSize(8 + 4 * 12));
        assertThat(level2).hasSizeGreaterThan(5).allSatisfy(l -> assertThat(l).hasSize(8 + 5 * 12));
        List<String> ids1 = level1.stream().map(l -> l.substring(0, 8)).toList();
        List<String> ids2 = level2.stream().map(l -> l.substring(0, 8)).toList();
        assertThat(ids1).isSorted();
        assertThat(ids2).isSorted().doesNotHaveDuplicates();
        assertThat(ids2).containsExactlyElementsOf(ids1.stream().distinct().toList());
        // within one member, sessions ascend
        for (int i = 1; i < level1.size(); i++) {
            if (ids1.get(i).equals(ids1.get(i - 1))) {
                double before = Double.parseDouble(level1.get(i - 1).substring(8, 20).trim());
                double now = Double.parseDouble(level1.get(i).substring(8, 20).trim());
                assertThat(now).as(level1.get(i)).isGreaterThan(before);
            }
        }
    }

    @Test
    void stata_labels_every_long_variable_and_codes_each_enumeration() {
        ExportRun run = fixtureRun();
        String doFile = text(run, StataSyntax::write);
        for (Variable v : run.longVariables()) {
            assertThat(doFile).contains("label variable " + v.name() + " \"");
            if (!SyntaxFiles.levels(v).isEmpty()) {
                assertThat(doFile).contains("encode " + v.name() + ", generate(" + v.name() + "_c) label(" + v.name() + "_lbl) noextend");
            }
        }
        assertThat(doFile.lines().filter(l -> l.startsWith("label variable ")))
                .allSatisfy(l -> assertThat(l.substring(l.indexOf('"') + 1, l.length() - 1).length()).isLessThanOrEqualTo(80));
        assertThat(doFile).contains("import delimited using \"long.csv\"").contains("mixed total session if rater == \"member\"")
                .contains("|| group_n: || member_n:, reml").contains("mvdecode item_1");
    }

    // ------------------------------------------------------------------------------- ruptures

    long groupId(String name) {
        return jdbc.queryForObject("SELECT id FROM therapy_group WHERE name = ?", Long.class, name);
    }

    /** A closed rupture record with notes, a plan and an alert text that all carry the marker. */
    long ruptureWithNotes(long group, int noticed, Integer closed) {
        long member = jdbc.queryForObject("SELECT MIN(id) FROM member WHERE group_id = ?", Long.class, group);
        long session = jdbc.queryForObject("SELECT id FROM group_session WHERE group_id = ? AND session_number = ?", Long.class, group, noticed);
        jdbc.update("INSERT INTO rupture_alert (group_id, session_id, session_number, instrument_code, rule_code, subject, member_id, alert_key, "
                + "alert_text, from_member, created_at, dismissed_by, dismiss_reason) VALUES (?, ?, ?, 'SESSION-ALLIANCE-4', 'CONCERN_TOTAL', ?, ?, ?, ?, TRUE, "
                + "CURRENT_TIMESTAMP, 'anna.leader', ?)", group, session, noticed, "member " + MARKER, member, "key-" + group + "-" + noticed,
                "alert " + MARKER, "reason " + MARKER);
        long alert = jdbc.queryForObject("SELECT MAX(id) FROM rupture_alert", Long.class);
        jdbc.update("INSERT INTO rupture_record (group_id, alert_id, with_kind, member_id, marker, noticed_session, plan_next, plan_where, state, "
                + "outcome, closed_session, created_at, created_by, updated_at) VALUES (?, ?, 'MEMBER', ?, 'WITHDRAWAL', ?, ?, 'ONE_TO_ONE', ?, ?, ?, "
                + "CURRENT_TIMESTAMP, 'anna.leader', CURRENT_TIMESTAMP)", group, alert, member, noticed, "plan " + MARKER,
                closed == null ? "IN_PROGRESS" : "CLOSED", closed == null ? null : "REPAIRED", closed);
        long record = jdbc.queryForObject("SELECT MAX(id) FROM rupture_record", Long.class);
        jdbc.update("INSERT INTO rupture_step (record_id, step, done, note, session_number) VALUES (?, 1, TRUE, ?, ?), (?, 2, FALSE, ?, NULL), "
                + "(?, 4, TRUE, ?, ?)", record, "step one " + MARKER, noticed, record, "step two " + MARKER, record, "=cmd|' /C calc'!A0 " + MARKER,
                noticed);
        return record;
    }

    @Test
    void the_ruptures_file_holds_structured_fields_and_no_note_plan_or_alert_text_appears_in_any_file() throws Exception {
        long cbt = groupId("Tuesday CBT for anxiety (demo)");
        long ipt = groupId("Thursday interpersonal group (demo)");
        ruptureWithNotes(cbt, 3, 5);
        ruptureWithNotes(ipt, 2, null);
        Map<String, byte[]> files = ExportMariaDbTest.unzipOf(out -> as(rita, () -> {
            exports.writeZip(ExportFilter.ALL, out, "test");
            return null;
        }));
        assertThat(files.keySet()).contains(RuptureFile.NAME, StataSyntax.NAME, MplusFiles.INPUT, MplusFiles.DATA, HlmFiles.LEVEL1,
                HlmFiles.LEVEL2, HlmFiles.README, IdNumbers.NAME);
        for (var f : files.entrySet()) {
            String content = new String(f.getValue(), StandardCharsets.UTF_8);
            assertThat(content).as(f.getKey()).doesNotContain(MARKER).doesNotContain("calc");
        }
        List<String> lines = ExportMariaDbTest.lines(files.get(RuptureFile.NAME));
        int records = jdbc.queryForObject("SELECT COUNT(*) FROM rupture_record WHERE group_id IN " + ExportMariaDbTest.RIVERSIDE, Integer.class);
        assertThat(lines).hasSize(records + 1);
        List<String> header = Arrays.asList(lines.getFirst().split(","));
        assertThat(header).containsExactlyElementsOf(RuptureFile.variables().stream().map(Variable::name).toList());
        Map<String, String> closed = row(header, lines.stream().filter(l -> l.contains(",closed,")).findFirst().orElseThrow());
        assertThat(closed).containsEntry("with", "member").containsEntry("marker", "withdrawal").containsEntry("alert_rule", "concern_total")
                .containsEntry("noticed_session", "3").containsEntry("closed_session", "5").containsEntry("sessions_to_resolution", "2")
                .containsEntry("step_1", "1").containsEntry("step_2", "0").containsEntry("step_3", "0").containsEntry("step_4", "1")
                .containsEntry("plan_where", "one_to_one").containsEntry("outcome", "repaired");
        assertThat(closed.get("rupture_id")).matches("R[0-9a-f]{16}");
        assertThat(closed.get("member_id")).matches("M[0-9a-f]{16}");
        Map<String, String> open = row(header, lines.stream().filter(l -> l.contains(",in_progress,")).findFirst().orElseThrow());
        assertThat(open).containsEntry("outcome", "").containsEntry("closed_session", "").containsEntry("sessions_to_resolution", "");
        // the codebook describes the file
        assertThat(new String(files.get(Codebook.CSV), StandardCharsets.UTF_8)).contains("ruptures.csv,sessions_to_resolution,");

        // a facilitator's file holds the ruptures of their own group only
        Map<String, byte[]> annas = ExportMariaDbTest.unzipOf(out -> as(anna, () -> {
            exports.writeZip(ExportFilter.ALL, out, "test");
            return null;
        }));
        List<String> annaLines = ExportMariaDbTest.lines(annas.get(RuptureFile.NAME));
        assertThat(annaLines).hasSize(2);
        assertThat(annaLines.get(1)).contains(",closed,");
    }

    static Map<String, String> row(List<String> header, String line) {
        String[] cells = line.split(",", -1);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            row.put(header.get(i), cells[i]);
        }
        return row;
    }
}
