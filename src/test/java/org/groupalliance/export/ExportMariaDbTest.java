package org.groupalliance.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.groupalliance.security.ApiTokenService;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditEntry;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.AuditQuery;
import org.groupalliance.export.file.CsvWriter;
import org.groupalliance.security.SystemActor;
import org.groupalliance.support.Actors;
import org.groupalliance.support.CleanDatabase;
import org.groupalliance.support.DemoDatabase;
import org.groupalliance.support.JarCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ActiveProfiles;

/**
 * The research export of the demo clinic on real MariaDB, through the service, the API with a
 * personal access token, and the jar's {@code export} command: the files, their row counts against
 * the database, pseudonymisation, and who may export what.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {DemoDatabase.SEED,
        DemoDatabase.URL + "ga_demo_export" + DemoDatabase.OPTIONS})
@ActiveProfiles({"test", "mariadb"})
@Import(CleanDatabase.class)
class ExportMariaDbTest {

    /** rita.research's site's groups: her export is compared with Riverside's part of the database (the demo has a second site). */
    static final String RIVERSIDE = DemoDatabase.RIVERSIDE_GROUPS;

    @LocalServerPort int port;
    @Autowired ApplicationContext context;
    @Autowired org.springframework.core.env.Environment environment;
    @Autowired ExportService exports;
    @Autowired ApiTokenService tokens;
    @Autowired AuditLog audit;
    @Autowired JdbcTemplate jdbc;
    @Autowired UserDetailsService users;
    final HttpClient http = HttpClient.newHttpClient();
    AppUserPrincipal rita;
    AppUserPrincipal anna;
    AppUserPrincipal olga;

    @BeforeEach
    void setUp() {
        Actors.useSecurityOf(context);
        rita = (AppUserPrincipal) users.loadUserByUsername("rita.research");
        anna = (AppUserPrincipal) users.loadUserByUsername("anna.leader");
        olga = (AppUserPrincipal) users.loadUserByUsername("olga.observer");
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                files.put(e.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    /** The files of the zip that {@code writer} writes. */
    static Map<String, byte[]> unzipOf(java.util.function.Consumer<java.io.OutputStream> writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.accept(out);
        return unzip(out.toByteArray());
    }

    static List<String> lines(byte[] csv) {
        String text = new String(csv, StandardCharsets.UTF_8);
        return Arrays.asList(text.split("\r\n"));
    }

    Map<String, byte[]> exportAs(AppUserPrincipal who, ExportFilter filter) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        as(who, () -> {
            exports.writeZip(filter, out, "test");
            return null;
        });
        return unzip(out.toByteArray());
    }

    String groupIdOf(String name) {
        long id = jdbc.queryForObject("SELECT id FROM therapy_group WHERE name = ?", Long.class, name);
        return SystemActor.call(() -> context.getBean(ResearchIds.class).pseudonymiser()).id(Pseudonymiser.Kind.GROUP, id);
    }

    @Test
    void a_researcher_gets_every_file_with_row_counts_equal_to_the_database() throws Exception {
        Map<String, byte[]> files = exportAs(rita, ExportFilter.ALL);
        assertThat(files.keySet()).containsExactlyElementsOf(concat(ExportService.FILES, "README.md"));
        int memberRatings = jdbc.queryForObject("SELECT COUNT(*) FROM rating WHERE target_kind = 'MEMBER' AND group_id IN " + RIVERSIDE, Integer.class);
        int byStaff = jdbc.queryForObject("SELECT COUNT(*) FROM rating WHERE rater_kind <> 'MEMBER' AND group_id IN " + RIVERSIDE, Integer.class);
        int members = jdbc.queryForObject("SELECT COUNT(*) FROM member WHERE group_id IN " + RIVERSIDE, Integer.class);
        assertThat(memberRatings).isGreaterThan(100);
        assertThat(lines(files.get("long.csv"))).hasSize(memberRatings + 1);
        assertThat(lines(files.get("target.csv"))).hasSize(byStaff + 1);
        assertThat(lines(files.get("wide.csv"))).hasSize(members + 1);
        assertThat(lines(files.get("outcomes.csv"))).hasSize(jdbc.queryForObject("SELECT COUNT(*) FROM outcome_rating WHERE group_id IN " + RIVERSIDE, Integer.class) + 1);
        int groupSessions = jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT DISTINCT session_id, instrument_code FROM rating "
                + "WHERE rater_kind = 'MEMBER' AND target_kind = 'MEMBER' AND group_id IN " + RIVERSIDE + ") x", Integer.class);
        assertThat(lines(files.get("group_session.csv"))).hasSize(groupSessions + 1);
        // the README lists each file's SHA-256
        String readme = new String(files.get("README.md"), StandardCharsets.UTF_8);
        for (String f : ExportService.FILES) {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(files.get(f)));
            assertThat(readme).contains("| " + f + " | " + files.get(f).length + " | " + sha + " |");
        }
        assertThat(readme).contains("CORE-10").contains("PHQ-9").contains("filter: sites: all");
        // every long row's items: a number, empty (missing) or -8 (no such item); ids are research ids
        List<String> header = Arrays.asList(lines(files.get("long.csv")).getFirst().split(","));
        assertThat(header).startsWith("member_id", "group_id", "site_id", "leader_id").contains("item_1", "total", "total_pm", "total_within",
                "total_between", "total_gmc");
        assertThat(lines(files.get("long.csv")).subList(1, memberRatings + 1)).allSatisfy(row -> {
            String[] cells = row.split(",", -1);
            assertThat(cells).hasSize(header.size());
            assertThat(cells[0]).matches("M[0-9a-f]{16}");
            assertThat(cells[1]).matches("G[0-9a-f]{16}");
        });
    }

    @Test
    void long_items_carry_each_answer_as_stored_value_empty_for_missing_and_minus_8_for_not_applicable() throws Exception {
        List<String> longLines = lines(exportAs(rita, ExportFilter.ALL).get("long.csv"));
        List<String> header = Arrays.asList(longLines.getFirst().split(","));
        int firstItem = header.indexOf("item_1");
        int instrument = header.indexOf("instrument");
        Map<String, Integer> itemsOf = new LinkedHashMap<>();
        jdbc.query("SELECT r.instrument_code, MAX(i.item_number) FROM rating r JOIN rating_item i ON i.rating_id = r.id GROUP BY r.instrument_code",
                rs -> { itemsOf.put(rs.getString(1), rs.getInt(2)); });
        int answered = 0;
        int missing = 0;
        int notApplicable = 0;
        int beyond = 0;
        for (String row : longLines.subList(1, longLines.size())) {
            String[] cells = row.split(",", -1);
            int k = itemsOf.get(cells[instrument]);
            for (int j = 0; header.get(firstItem + j).startsWith("item_"); j++) {
                String cell = cells[firstItem + j];
                if (j >= k) {
                    assertThat(cell).as("item beyond the instrument").isEqualTo("-8");
                    beyond++;
                } else if (cell.isEmpty()) {
                    missing++;
                } else if (cell.equals("-8")) {
                    notApplicable++;
                } else {
                    answered++;
                }
            }
        }
        String sql = "SELECT COUNT(*) FROM rating_item i JOIN rating r ON r.id = i.rating_id WHERE r.target_kind = 'MEMBER' AND r.group_id IN " + RIVERSIDE + " AND i.answer = ?";
        assertThat(answered).isEqualTo(jdbc.queryForObject(sql, Integer.class, "ANSWERED"));
        assertThat(missing).isEqualTo(jdbc.queryForObject(sql, Integer.class, "MISSING"));
        assertThat(notApplicable).isEqualTo(jdbc.queryForObject(sql, Integer.class, "NOT_APPLICABLE"));
        assertThat(answered).isGreaterThan(500);
        assertThat(beyond).isGreaterThan(0);
    }

    @Test
    void outcome_forms_carry_every_answer_and_the_total_as_stored() throws Exception {
        List<String> rows = lines(exportAs(rita, ExportFilter.ALL).get("outcomes.csv"));
        List<String> header = Arrays.asList(rows.getFirst().split(",", -1));
        int items = (int) header.stream().filter(h -> h.startsWith("item_")).count();
        assertThat(header).containsExactlyElementsOf(java.util.stream.Stream.concat(java.util.stream.Stream.concat(
                java.util.stream.Stream.of("member_id", "group_id", "site_id", "instrument", "instrument_version", "timepoint"),
                java.util.stream.IntStream.rangeClosed(1, items).mapToObj(i -> "item_" + i)), java.util.stream.Stream.of("total")).toList());
        Pseudonymiser p = SystemActor.call(() -> context.getBean(ResearchIds.class).pseudonymiser());
        // the expected rows, built from the tables: one per form, answers as stored (empty missing, -8 not applicable or no such item)
        List<String> expected = new java.util.ArrayList<>();
        jdbc.query("SELECT o.id, o.member_id, o.group_id, g.site_id, o.instrument_code, o.instrument_version, o.timepoint, o.follow_up_week, o.total_score "
                + "FROM outcome_rating o JOIN therapy_group g ON g.id = o.group_id WHERE o.group_id IN " + RIVERSIDE, rs -> {
            String[] cells = new String[items];
            Arrays.fill(cells, "-8");
            jdbc.query("SELECT item_number, answer, item_value FROM outcome_item WHERE outcome_rating_id = ?", it -> {
                double v = it.getDouble(3);
                cells[it.getInt(1) - 1] = switch (it.getString(2)) {
                    case "ANSWERED" -> CsvWriter.format(v);
                    case "MISSING" -> "";
                    default -> "-8";
                };
            }, rs.getLong(1));
            String tp = switch (rs.getString(7)) {
                case "BASELINE" -> "baseline";
                case "POST" -> "post";
                default -> "fu" + rs.getInt(8);
            };
            double total = rs.getDouble(9);
            expected.add(String.join(",", p.id(Pseudonymiser.Kind.MEMBER, rs.getLong(2)), p.id(Pseudonymiser.Kind.GROUP, rs.getLong(3)),
                    p.id(Pseudonymiser.Kind.SITE, rs.getLong(4)), rs.getString(5), String.valueOf(rs.getInt(6)), tp, String.join(",", cells),
                    rs.wasNull() ? "" : CsvWriter.format(total)));
        });
        assertThat(expected).hasSizeGreaterThan(20);
        assertThat(rows.subList(1, rows.size())).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void a_researcher_s_files_hold_no_name_no_free_text_no_code_no_date_and_no_internal_id() throws Exception {
        Map<String, byte[]> files = exportAs(rita, ExportFilter.ALL);
        List<String> forbidden = new java.util.ArrayList<>(jdbc.queryForList("SELECT display_name FROM member WHERE display_name IS NOT NULL", String.class));
        forbidden.addAll(jdbc.queryForList("SELECT end_reason FROM member WHERE end_reason IS NOT NULL", String.class));
        forbidden.addAll(jdbc.queryForList("SELECT member_code FROM member", String.class));
        forbidden.addAll(jdbc.queryForList("SELECT note FROM group_session WHERE note IS NOT NULL", String.class));
        forbidden.addAll(jdbc.queryForList("SELECT name FROM therapy_group", String.class));
        forbidden.addAll(jdbc.queryForList("SELECT full_name FROM app_user", String.class));
        forbidden.addAll(List.of("anna.leader", "ben.leader", "Riverside"));
        assertThat(forbidden).hasSizeGreaterThan(20);
        for (var file : files.entrySet()) {
            String text = new String(file.getValue(), StandardCharsets.UTF_8);
            for (String f : forbidden) {
                assertThat(text).as(file.getKey() + " must not contain " + f).doesNotContain(f);
            }
            if (!file.getKey().equals("README.md")) {
                assertThat(text).as(file.getKey()).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}");
            }
        }
        // every id column holds a research id (or nothing), never an internal number
        List<String> longLines = lines(files.get("long.csv"));
        List<String> header = Arrays.asList(longLines.getFirst().split(","));
        List<Integer> idColumns = java.util.stream.IntStream.range(0, header.size()).filter(i -> header.get(i).endsWith("_id")).boxed().toList();
        assertThat(idColumns).hasSize(6);
        assertThat(longLines.subList(1, longLines.size())).allSatisfy(row -> {
            String[] cells = row.split(",", -1);
            for (int i : idColumns) {
                assertThat(cells[i]).as(header.get(i)).matches("([SGMBU][0-9a-f]{16})?");
            }
        });
    }

    @Test
    void research_ids_are_stable_across_exports() throws Exception {
        byte[] first = exportAs(rita, ExportFilter.ALL).get("long.csv");
        byte[] second = exportAs(rita, ExportFilter.ALL).get("long.csv");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void a_facilitator_exports_only_own_groups_and_is_refused_another_leader_s_group() throws Exception {
        String cbt = groupIdOf("Tuesday CBT for anxiety (demo)");
        String ipt = groupIdOf("Thursday interpersonal group (demo)");
        assertThat(as(anna, () -> exports.groups())).extracting(ExportableGroup::researchId).containsExactly(cbt);
        Map<String, byte[]> files = exportAs(anna, ExportFilter.ALL);
        assertThat(lines(files.get("long.csv")).subList(1, lines(files.get("long.csv")).size())).isNotEmpty()
                .allSatisfy(row -> assertThat(row.split(",")[1]).isEqualTo(cbt));
        ExportFilter other = new ExportFilter(java.util.Set.of(), java.util.Set.of(ipt), null, null, java.util.Set.of());
        assertThatThrownBy(() -> exportAs(anna, other)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void an_observer_has_no_export() {
        assertThatThrownBy(() -> as(olga, () -> exports.groups())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(olga, () -> exports.count(ExportFilter.ALL))).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void filters_narrow_the_export_by_group_instrument_and_date() throws Exception {
        String cbt = groupIdOf("Tuesday CBT for anxiety (demo)");
        ExportFilter filter = new ExportFilter(java.util.Set.of(), java.util.Set.of(cbt), null, null, java.util.Set.of("SESSION-ALLIANCE-4"));
        Map<String, byte[]> files = exportAs(rita, filter);
        int expected = jdbc.queryForObject("SELECT COUNT(*) FROM rating r JOIN therapy_group g ON g.id = r.group_id "
                + "WHERE g.name = 'Tuesday CBT for anxiety (demo)' AND r.instrument_code = 'SESSION-ALLIANCE-4' AND r.target_kind = 'MEMBER'", Integer.class);
        assertThat(lines(files.get("long.csv"))).hasSize(expected + 1);
        assertThat(as(rita, () -> exports.count(filter)).ratings()).isEqualTo(expected);
        java.time.LocalDate lastDate = jdbc.queryForObject("SELECT MAX(session_date) FROM group_session WHERE group_id IN " + RIVERSIDE, java.time.LocalDate.class);
        ExportFilter lastDay = new ExportFilter(java.util.Set.of(), java.util.Set.of(), lastDate, lastDate, java.util.Set.of());
        int onLastDay = jdbc.queryForObject("SELECT COUNT(*) FROM rating r JOIN group_session s ON s.id = r.session_id WHERE s.session_date = ? AND r.group_id IN " + RIVERSIDE,
                Integer.class, lastDate);
        assertThat(as(rita, () -> exports.count(lastDay)).ratings()).isEqualTo(onLastDay);
        // outcome forms are counted by group and instrument (they have no session date), as outcomes.csv holds them
        ExportFilter phq = new ExportFilter(java.util.Set.of(), java.util.Set.of(), null, null, java.util.Set.of("PHQ-9"));
        int phqForms = jdbc.queryForObject("SELECT COUNT(*) FROM outcome_rating WHERE instrument_code = 'PHQ-9' AND group_id IN " + RIVERSIDE, Integer.class);
        assertThat(phqForms).isPositive();
        assertThat(as(rita, () -> exports.count(phq)).outcomeForms()).isEqualTo(phqForms).isEqualTo(lines(exportAs(rita, phq).get("outcomes.csv")).size() - 1);
    }

    @Test
    void each_export_is_audited_with_its_channel_and_filter() throws Exception {
        exportAs(rita, ExportFilter.ALL);
        List<AuditEntry> entries = SystemActor.call(() -> audit.search(new AuditQuery("rita.research", AuditAction.EXPORT, "Export", null, null, 10)));
        assertThat(entries).isNotEmpty().first().satisfies(e -> assertThat(e.summary()).contains("via test").contains("groups").contains("sites: all"));
    }

    // ---------------------------------------------------------------------------- syntax files

    static JarCommand.Run runIn(Path dir, String... command) throws Exception {
        Path out = Files.createTempFile("syntax", ".out");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)).as(String.join(" ", command) + " ends").isTrue();
        return new JarCommand.Run(p.exitValue(), Files.readString(out), "");
    }

    Path unzipTo(Map<String, byte[]> files, Path dir) throws IOException {
        for (var f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        return dir;
    }

    @Test
    void the_r_syntax_reads_every_file_with_the_database_s_row_counts_and_fits_the_three_level_model(@TempDir Path dir) throws Exception {
        unzipTo(exportAs(rita, ExportFilter.ALL), dir);
        int memberRatings = jdbc.queryForObject("SELECT COUNT(*) FROM rating WHERE target_kind = 'MEMBER' AND group_id IN " + RIVERSIDE, Integer.class);
        int byStaff = jdbc.queryForObject("SELECT COUNT(*) FROM rating WHERE rater_kind <> 'MEMBER' AND group_id IN " + RIVERSIDE, Integer.class);
        int members = jdbc.queryForObject("SELECT COUNT(*) FROM member WHERE group_id IN " + RIVERSIDE, Integer.class);
        int outcomeForms = jdbc.queryForObject("SELECT COUNT(*) FROM outcome_rating WHERE group_id IN " + RIVERSIDE, Integer.class);
        JarCommand.Run r = runIn(dir, "Rscript", "analysis.R");
        assertThat(r.status()).as(r.out()).isZero();
        assertThat(r.out()).contains("rows long: " + memberRatings + " ").contains(" wide: " + members + " ").contains(" target: " + byStaff)
                .contains(" outcomes: " + outcomeForms + " ").contains("Linear mixed model fit by REML").contains("member_id").contains("fixed effects:");
        assertThat(r.out()).doesNotContain("Error:").doesNotContain("Execution halted").doesNotContain("failed to converge");
    }

    @Test
    void pspp_runs_the_spss_syntax_without_errors_and_reports_the_same_n(@TempDir Path dir) throws Exception {
        unzipTo(exportAs(rita, ExportFilter.ALL), dir);
        int memberRatings = jdbc.queryForObject("SELECT COUNT(*) FROM rating WHERE target_kind = 'MEMBER' AND group_id IN " + RIVERSIDE, Integer.class);
        JarCommand.Run r = runIn(dir, "pspp", "-O", "format=txt", "-o", dir.resolve("out.txt").toString(), "long.sps");
        String output = r.out() + Files.readString(dir.resolve("out.txt"));
        assertThat(r.status()).as(output).isZero();
        assertThat(output).doesNotContainIgnoringCase("error").doesNotContainIgnoringCase("warning");
        // DESCRIPTIVES: N of session (every row) equals the long rows
        assertThat(output).containsPattern("Session number\\s*\\|\\s*" + memberRatings + "\\s*\\|");
    }

    // ------------------------------------------------------------------------------------- API

    HttpResponse<byte[]> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    String tokenOf(AppUserPrincipal who) {
        return as(who, () -> tokens.createOwn("test", Duration.ofHours(2))).token();
    }

    @Test
    void the_api_serves_the_zip_and_single_files_with_the_page_s_rules() throws Exception {
        String token = tokenOf(rita);
        HttpResponse<byte[]> zip = get("/api/v1/export", token);
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(zip.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
        Map<String, byte[]> files = unzip(zip.body());
        assertThat(files.keySet()).containsExactlyElementsOf(concat(ExportService.FILES, "README.md"));
        HttpResponse<byte[]> longCsv = get("/api/v1/export/long.csv", token);
        assertThat(longCsv.statusCode()).isEqualTo(200);
        assertThat(longCsv.body()).isEqualTo(files.get("long.csv"));
        assertThat(SystemActor.call(() -> audit.search(new AuditQuery("rita.research", AuditAction.EXPORT, "Export", null, null, 10))))
                .anySatisfy(e -> assertThat(e.summary()).contains("via API"));
        assertThat(SystemActor.call(() -> audit.search(new AuditQuery("rita.research", AuditAction.TOKEN_USE, "ApiToken", null, null, 10))))
                .anySatisfy(e -> assertThat(e.summary()).contains("GET /api/v1/export/long.csv"));
    }

    @Test
    void the_api_answers_a_bad_filter_with_400_and_no_access_with_403_in_json() throws Exception {
        String token = tokenOf(rita);
        HttpResponse<byte[]> bad = get("/api/v1/export?from=2026-13-01", token);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new String(bad.body(), StandardCharsets.UTF_8)).contains("\"status\":400").contains("from: '2026-13-01' is not a date");
        assertThat(get("/api/v1/export?colour=red", token).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/export/secrets.csv", token).statusCode()).isEqualTo(400);

        String annaToken = tokenOf(anna);
        HttpResponse<byte[]> other = get("/api/v1/export?groups=" + groupIdOf("Thursday interpersonal group (demo)"), annaToken);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(new String(other.body(), StandardCharsets.UTF_8)).contains("\"status\":403").contains("may not export");

        HttpResponse<byte[]> observer = get("/api/v1/export", tokenOf(olga));
        assertThat(observer.statusCode()).isEqualTo(403);
        assertThat(observer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    }

    // ------------------------------------------------------------------------------------- CLI

    @Test
    void the_export_command_writes_the_zip_and_applies_the_user_s_access(@TempDir Path dir) throws Exception {
        String cbt = groupIdOf("Tuesday CBT for anxiety (demo)");
        String ipt = groupIdOf("Thursday interpersonal group (demo)");
        JarCommand.Run refused = JarCommand.runOn(true, thisDatabase(), "export", "--out", dir.toString(), "--user", "anna.leader", "--groups", ipt);
        assertThat(refused.status()).as(refused.err()).isEqualTo(2);
        assertThat(refused.err()).contains("may not export");
        try (var listing = Files.list(dir)) {
            assertThat(listing).isEmpty();
        }

        JarCommand.Run ok = JarCommand.runOn(true, thisDatabase(), "export", "--out", dir.toString(), "--user", "anna.leader");
        assertThat(ok.status()).as(ok.err()).isZero();
        Path zip = Path.of(ok.out().trim());
        Map<String, byte[]> files = unzip(Files.readAllBytes(zip));
        assertThat(lines(files.get("long.csv")).subList(1, lines(files.get("long.csv")).size())).isNotEmpty()
                .allSatisfy(row -> assertThat(row.split(",")[1]).isEqualTo(cbt));
        assertThat(SystemActor.call(() -> audit.search(new AuditQuery("anna.leader", AuditAction.EXPORT, "Export", null, null, 10))))
                .anySatisfy(e -> assertThat(e.summary()).contains("via command line by operator:"));
    }

    /** The demo database of this class (the command's JVM must export the same data). */
    private String thisDatabase() {
        return environment.getProperty("spring.datasource.url");
    }

    static List<String> concat(List<String> a, String b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.add(b);
        return all;
    }
}
