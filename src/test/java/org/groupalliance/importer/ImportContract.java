package org.groupalliance.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.NotFoundException;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.Rating;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.Schedule;
import org.groupalliance.export.Pseudonymiser;
import org.groupalliance.export.ResearchIds;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditEntry;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.AuditQuery;
import org.groupalliance.security.Role;
import org.groupalliance.security.SystemActor;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;

/**
 * Importing members' ratings from a long CSV file, on each database engine: every kind of bad row
 * named by line and column, nothing stored while a problem remains, "valid rows only", one audit
 * entry per import, and only the group's own leaders.
 */
abstract class ImportContract {

    static final String HEADER = "member_code,session,instrument,instrument_version,rater,item_1,item_2,item_3,item_4";

    @Autowired ApplicationContext context;
    @Autowired ImportService imports;
    @Autowired RatingService ratings;
    @Autowired org.groupalliance.outcome.OutcomeService outcomes;
    @Autowired MeasurementPlanService plans;
    @Autowired GroupService groups;
    @Autowired SessionService sessions;
    @Autowired AuditLog audit;
    @Autowired JdbcTemplate jdbc;
    Actors actors;
    Account anna;
    Account admin;
    Group group;
    Member m1;
    Member m2;
    Member m3;
    GroupSession s1;
    GroupSession s2;

    @BeforeEach
    void setUp() {
        actors = new Actors(context);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        admin = actors.newUser(Role.ADMIN, null);
        TestGroups.TestGroup g = TestGroups.closedGroup(context, anna, site, "Import group ", 3);
        group = g.group();
        m1 = g.member(1);
        m2 = g.member(2);
        m3 = g.member(3);
        s1 = as(anna, () -> sessions.create(group.id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
        s1 = as(anna, () -> sessions.recordAttendance(s1.id(), s1.version(),
                Map.of(m1.id(), AttendanceStatus.PRESENT, m2.id(), AttendanceStatus.LATE, m3.id(), AttendanceStatus.ABSENT)));
        s2 = as(anna, () -> sessions.create(group.id(), new SessionData(2, LocalDate.of(2026, 1, 13), null)));
        s2 = as(anna, () -> sessions.recordAttendance(s2.id(), s2.version(),
                Map.of(m1.id(), AttendanceStatus.PRESENT, m2.id(), AttendanceStatus.PRESENT, m3.id(), AttendanceStatus.PRESENT)));
        as(anna, () -> plans.save(group.id(), new PlanEntryData("SESSION-ALLIANCE-4", Set.of(Rater.MEMBER), Schedule.everySession(), false, false,
                List.of()), null));
    }

    static ImportFile csv(String... lines) {
        return ImportFile.parse("ratings.csv", String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    static ColumnMapping byName(ImportFile f) {
        return ColumnMapping.byName(f.header());
    }

    int ratingRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM rating WHERE group_id = ?", Integer.class, group.id().value());
    }

    int ratingItemRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM rating_item i JOIN rating r ON r.id = i.rating_id WHERE r.group_id = ?", Integer.class,
                group.id().value());
    }

    List<AuditEntry> importAudit() {
        return as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.IMPORT, "RatingImport", null, null, 10)));
    }

    @Test
    void a_clean_file_is_stored_scored_and_audited_as_one_import_plus_each_rating() {
        ImportFile file = csv(HEADER,
                m1.code() + ",1,SESSION-ALLIANCE-4,1,member,9.5,9.2,9.8,9.6",
                m2.code() + ",1,SESSION-ALLIANCE-4,1,member,8,7.5,9,8.4",
                m1.code() + ",2,SESSION-ALLIANCE-4,1,member,7,,8,-8");
        ImportReport report = as(anna, () -> imports.check(group.id(), file, byName(file)));
        assertThat(report.problems()).isEmpty();
        assertThat(report.validLines()).containsExactly(2, 3, 4);
        assertThat(ratingRows()).isZero();

        ImportResult result = as(anna, () -> imports.importRows(group.id(), file, byName(file), false));
        assertThat(result.stored()).isEqualTo(3);
        assertThat(result.skippedLines()).isEmpty();
        assertThat(ratingRows()).isEqualTo(3);
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).extracting(Rating::total).containsExactlyInAnyOrder(38.1, 32.9);
        assertThat(as(anna, () -> ratings.forSession(s2.id()))).singleElement().satisfies(r -> {
            assertThat(r.responses().get(0)).isEqualTo(7.0);
            assertThat(r.responses().get(1)).isNaN();
            assertThat(r.missingItems()).isEqualTo(2);
            assertThat(r.source()).isEqualTo(Rating.Source.PAPER);
        });
        assertThat(importAudit()).singleElement().satisfies(e -> {
            assertThat(e.groupId()).isEqualTo(group.id().value());
            assertThat(e.summary()).contains("Imported 3 rating(s) from ratings.csv");
            assertThat(e.after()).contains("\"rows\":3").contains("\"stored\":3").contains("\"skippedLines\":[]");
        });
        // and each rating has its own before/after entry from the rating service
        assertThat(as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.CREATE, "Rating", null, null, 10)))).hasSize(3)
                .anySatisfy(e -> assertThat(e.after()).contains("\"total\":38.1").contains("\"source\":\"PAPER\""));
    }

    @Test
    void every_kind_of_bad_row_is_reported_by_line_and_column_and_nothing_is_stored() {
        // one rating already stored: importing it again is a duplicate against stored data
        as(anna, () -> ratings.recordMemberForms(s2.id(), "SESSION-ALLIANCE-4", List.of(new MemberForm(m2.id(), new double[] {5, 5, 5, 5}, null))));
        int ratingsBefore = ratingRows();
        int itemsBefore = ratingItemRows();
        ImportFile file = csv(HEADER,
                m1.code() + ",1,SESSION-ALLIANCE-4,1,member,9,9,9,9",         // 2 valid
                "NOPE-1,1,SESSION-ALLIANCE-4,1,member,9,9,9,9",                 // 3 unknown member code
                m1.code() + ",9,SESSION-ALLIANCE-4,1,member,9,9,9,9",          // 4 session not in the group
                m2.code() + ",1,SESSION-ALLIANCE-4,1,member,9,12.5,9,9",       // 5 value out of range
                m1.code() + ",1,SESSION-ALLIANCE-4,1,member,8,8,8,8",          // 6 duplicate of line 2
                m2.code() + ",2,SESSION-ALLIANCE-4,1,member,6,6,6,6",          // 7 duplicate of a stored rating
                m1.code() + ",2,SESSION-ALLIANCE-4,7,member,9,9,9,9",          // 8 instrument version unknown
                m3.code() + ",2,SESSION-ALLIANCE-4,1,member,9,nine,9,9",       // 9 unparseable number
                m3.code() + ",1,SESSION-ALLIANCE-4,1,member,9,9,9,9",          // 10 absent at session 1
                m1.code() + ",2,NO-SUCH-SCALE,1,member,9,9,9,9",               // 11 unknown instrument
                m1.code() + ",2,PHQ-9,1,member,1,1,1,1",                       // 12 instrument not planned (and PHQ-9 has 9 items)
                m1.code() + ",two,SESSION-ALLIANCE-4,1,member,9,9,9,9",        // 13 session not a number
                m1.code() + ",2,SESSION-ALLIANCE-4,1,leader,9,9,9,9");         // 14 a leader's rating without the leader's username
        ImportReport report = as(anna, () -> imports.check(group.id(), file, byName(file)));
        assertThat(report.rows()).isEqualTo(13);
        assertThat(report.validLines()).containsExactly(2);
        assertThat(report.problems()).extracting(ImportProblem::line, ImportProblem::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "member_code"),
                org.assertj.core.groups.Tuple.tuple(4, "session"),
                org.assertj.core.groups.Tuple.tuple(5, "item_2"),
                org.assertj.core.groups.Tuple.tuple(6, ""),
                org.assertj.core.groups.Tuple.tuple(7, ""),
                org.assertj.core.groups.Tuple.tuple(8, "instrument_version"),
                org.assertj.core.groups.Tuple.tuple(9, "item_2"),
                org.assertj.core.groups.Tuple.tuple(10, "session"),
                org.assertj.core.groups.Tuple.tuple(11, "instrument"),
                org.assertj.core.groups.Tuple.tuple(12, ""),
                org.assertj.core.groups.Tuple.tuple(12, ""),
                org.assertj.core.groups.Tuple.tuple(12, ""),
                org.assertj.core.groups.Tuple.tuple(12, ""),
                org.assertj.core.groups.Tuple.tuple(12, ""),
                org.assertj.core.groups.Tuple.tuple(13, "session"),
                org.assertj.core.groups.Tuple.tuple(14, "rater"));
        Map<Integer, String> first = new java.util.TreeMap<>();
        report.problems().forEach(p -> first.putIfAbsent(p.line(), p.message()));
        assertThat(first.get(3)).isEqualTo("Unknown member code NOPE-1 in " + group.name());
        assertThat(first.get(4)).startsWith("Session 9 is not in " + group.name());
        assertThat(first.get(5)).isEqualTo("Value out of range: 12.5 (SESSION-ALLIANCE-4 item 2 is 0 to 10)");
        assertThat(first.get(6)).isEqualTo("Duplicate: line 2 already has SESSION-ALLIANCE-4 of " + m1.code() + " at session 1");
        assertThat(first.get(7)).startsWith("Duplicate: SESSION-ALLIANCE-4 of " + m2.code() + " at session 2 is already stored");
        assertThat(first.get(8)).isEqualTo("Instrument version unknown: SESSION-ALLIANCE-4 has no version 7");
        assertThat(first.get(9)).startsWith("Not a number: nine");
        assertThat(first.get(10)).contains(m3.code()).contains("absent at session 1");
        assertThat(first.get(11)).isEqualTo("Unknown instrument NO-SUCH-SCALE");
        assertThat(first.get(12)).startsWith("Missing required column: item_5 (PHQ-9 has 9 items)");
        assertThat(first.get(13)).isEqualTo("Session two is not a whole number");
        assertThat(first.get(14)).startsWith("Rater leader: no rater_code");

        // all or nothing: refused, and not one row more in the rating tables, no import audited
        assertThatThrownBy(() -> as(anna, () -> imports.importRows(group.id(), file, byName(file), false)))
                .isInstanceOfSatisfying(ImportRefusedException.class, e -> assertThat(e.report().problems()).hasSize(16));
        assertThat(ratingRows()).isEqualTo(ratingsBefore);
        assertThat(ratingItemRows()).isEqualTo(itemsBefore);
        assertThat(importAudit()).isEmpty();
    }

    @Test
    void an_unplanned_instrument_is_named_on_its_instrument_column() {
        ImportFile file = csv("member_code,session,instrument,item_1,item_2,item_3,item_4,item_5,item_6,item_7,item_8,item_9",
                m1.code() + ",2,PHQ-9,1,1,1,1,1,1,1,1,1");
        ImportReport report = as(anna, () -> imports.check(group.id(), file, byName(file)));
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo("instrument");
            assertThat(p.message()).isEqualTo("PHQ-9 is not planned for members at session 2: change the group's measurement plan first");
        });
    }

    @Test
    void a_missing_required_column_is_reported_on_line_1_and_nothing_else_is_checked() {
        ImportFile file = csv("member_code,instrument,item_1,item_2,item_3,item_4", m1.code() + ",SESSION-ALLIANCE-4,9,9,9,9");
        ImportReport report = as(anna, () -> imports.check(group.id(), file, byName(file)));
        assertThat(report.problems()).singleElement().isEqualTo(new ImportProblem(1, "", "Missing required column: session (the session number), or timepoint for outcome forms"));
        assertThat(report.validLines()).isEmpty();
        ImportFile noMember = csv("session,instrument,item_1", "1,SESSION-ALLIANCE-4,9");
        assertThat(as(anna, () -> imports.check(group.id(), noMember, byName(noMember))).problems()).extracting(ImportProblem::message)
                .containsExactly("Missing required column: member_code (or the export's member_id; target_level for the target file)");
    }

    @Test
    void valid_rows_only_stores_those_and_the_result_and_audit_list_the_lines_left_out() {
        ImportFile file = csv(HEADER,
                m1.code() + ",1,SESSION-ALLIANCE-4,1,member,9,9,9,9",
                "NOPE-1,1,SESSION-ALLIANCE-4,1,member,9,9,9,9",
                m2.code() + ",2,SESSION-ALLIANCE-4,1,member,8,8,8,8",
                m3.code() + ",2,SESSION-ALLIANCE-4,1,member,8,80,8,8");
        ImportResult result = as(anna, () -> imports.importRows(group.id(), file, byName(file), true));
        assertThat(result.storedLines()).containsExactly(2, 4);
        assertThat(result.skippedLines()).containsExactly(3, 5);
        assertThat(ratingRows()).isEqualTo(2);
        assertThat(importAudit()).singleElement().satisfies(e -> {
            assertThat(e.summary()).contains("Imported 2 rating(s)").contains("2 row(s) with problems left out");
            assertThat(e.after()).contains("\"rows\":4").contains("\"stored\":2").contains("\"skippedLines\":[3,5]");
        });
    }

    @Test
    void another_layout_is_imported_through_a_column_mapping() {
        // a row with more cells than the header is refused as a file
        assertThatThrownBy(() -> csv("a,b", "1,2,3")).hasMessageContaining("Line 2: 3 cells, but the header has 2");
        ImportFile ok = csv("Client,Note,Sitzung,Bogen,F1,F2,F3,F4", "\"" + m1.code() + "\",\"x, \"\"quoted\"\"\",1,SESSION-ALLIANCE-4,9,9,9,\"9\"");
        assertThat(ok.rows().getFirst().cells().get(1)).isEqualTo("x, \"quoted\"");
        ImportResult result = as(anna, () -> imports.importRows(group.id(), ok, new ColumnMapping(Map.of(ColumnMapping.MEMBER_CODE, "Client",
                ColumnMapping.SESSION, "Sitzung", ColumnMapping.INSTRUMENT, "Bogen", "item_1", "F1", "item_2", "F2", "item_3", "F3", "item_4", "F4")),
                false));
        assertThat(result.stored()).isEqualTo(1);
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).singleElement().satisfies(r -> assertThat(r.total()).isEqualTo(36.0));
        ColumnMapping wrong = new ColumnMapping(Map.of(ColumnMapping.MEMBER_CODE, "Klient", ColumnMapping.SESSION, "Sitzung",
                ColumnMapping.INSTRUMENT, "Bogen", "item_1", "F1"));
        assertThat(as(anna, () -> imports.check(group.id(), ok, wrong)).problems()).extracting(ImportProblem::message)
                .contains("Column Klient (for member_code) is not in the file");
    }

    @Test
    void the_export_s_research_ids_resolve_to_the_group_s_members_in_the_same_installation() {
        Pseudonymiser ids = SystemActor.call(() -> context.getBean(ResearchIds.class).pseudonymiser());
        ImportFile file = csv("member_id,session,instrument,instrument_version,rater,rater_id,item_1,item_2,item_3,item_4,item_5",
                ids.id(Pseudonymiser.Kind.MEMBER, m1.id().value()) + ",1,SESSION-ALLIANCE-4,1,member,,9,9,9,9,-8",
                "M0000000000000000,2,SESSION-ALLIANCE-4,1,member,,9,9,9,9,-8");
        ImportReport report = as(anna, () -> imports.check(group.id(), file, byName(file)));
        assertThat(report.validLines()).containsExactly(2);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isEqualTo("member_id");
            assertThat(p.message()).contains("add a member_code column");
        });
    }

    @Test
    void only_the_group_s_own_leaders_import() {
        Account other = actors.newUser(Role.FACILITATOR, actors.newSite());
        Account olga = actors.newUser(Role.OBSERVER, null);
        as(anna, () -> groups.assignObserver(group.id(), olga.created().id()));
        ImportFile file = csv(HEADER, m1.code() + ",1,SESSION-ALLIANCE-4,1,member,9,9,9,9");
        assertThatThrownBy(() -> as(other, () -> imports.check(group.id(), file, byName(file)))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(other, () -> imports.importRows(group.id(), file, byName(file), false))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(olga, () -> imports.importRows(group.id(), file, byName(file), false))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(admin, () -> imports.importRows(group.id(), file, byName(file), false))).isInstanceOf(AccessDeniedException.class);
        assertThat(ratingRows()).isZero();
        assertThat(as(other, () -> imports.targets())).extracting(g -> g.id()).doesNotContain(group.id());
        assertThat(as(anna, () -> imports.targets())).extracting(g -> g.id()).contains(group.id());
    }

    // ------------------------------------------------------------------ leader and observer ratings

    static final String RATERS = "member_code,session,instrument,instrument_version,rater,rater_code,item_1,item_2,item_3,item_4";

    void planForMembersAndLeaders() {
        as(anna, () -> plans.save(group.id(), new PlanEntryData("MEMBER-GROUP-ALLIANCE", Set.of(Rater.MEMBER, Rater.LEADER), Schedule.everySession(),
                false, false, List.of()), null));
    }

    @Test
    void a_leader_s_ratings_of_members_are_stored_as_that_leader_s_through_the_rating_service() {
        planForMembersAndLeaders();
        ImportFile file = csv(RATERS,
                m1.code() + ",1,MEMBER-GROUP-ALLIANCE,1,member,,5,6,7,7",
                m1.code() + ",1,MEMBER-GROUP-ALLIANCE,1,leader," + anna.username() + ",4,4,5,5",
                m2.code() + ",2,MEMBER-GROUP-ALLIANCE,1,leader," + anna.username().toUpperCase(java.util.Locale.ROOT) + ",3,,5,6");
        ImportReport report = as(anna, () -> imports.check(group.id(), file, byName(file)));
        assertThat(report.problems()).isEmpty();
        ImportResult result = as(anna, () -> imports.importRows(group.id(), file, byName(file), false));
        assertThat(result.stored()).isEqualTo(3);
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).hasSize(2)
                .anySatisfy(r -> {
                    assertThat(r.raterKind()).isEqualTo(Rater.LEADER);
                    assertThat(r.raterUser()).isEqualTo(anna.created().id());
                    assertThat(r.target().member()).isEqualTo(m1.id());
                    assertThat(r.source()).isEqualTo(Rating.Source.LEADER);
                    assertThat(r.total()).isEqualTo(4.5);
                })
                .anySatisfy(r -> assertThat(r.raterKind()).isEqualTo(Rater.MEMBER));
        assertThat(as(anna, () -> ratings.forSession(s2.id()))).singleElement().satisfies(r -> {
            assertThat(r.raterKind()).isEqualTo(Rater.LEADER);
            assertThat(r.target().member()).isEqualTo(m2.id());
            assertThat(r.missingItems()).isEqualTo(1);
        });
        assertThat(importAudit()).singleElement().satisfies(e -> {
            assertThat(e.summary()).contains("Imported 3 rating(s)");
            assertThat(e.after()).contains("\"rows\":3").contains("\"stored\":3").contains("\"leaderRatings\":2");
        });
        assertThat(as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.CREATE, "Rating", null, null, 10))))
                .filteredOn(e -> e.after().contains("\"source\":\"LEADER\"")).hasSize(2);
    }

    @Test
    void a_leader_s_row_about_a_member_is_refused_for_an_instrument_that_rates_the_whole_group_only() {
        // a site's own instrument about the whole group, rated by leaders: the session page never offers it for a member
        var base = as(admin, () -> context.getBean(org.groupalliance.measure.InstrumentService.class).get("MEMBER-GROUP-ALLIANCE", 1)).definition();
        String code = Actors.unique("WG-").toUpperCase(java.util.Locale.ROOT);
        var wholeGroup = new org.groupalliance.measure.InstrumentDefinition(code, "Whole group form " + code, 1, base.construct(),
                org.groupalliance.measure.InstrumentDefinition.Target.WHOLE_GROUP_TO_LEADER, Set.of(Rater.LEADER), base.items(), base.reversedItems(),
                base.subscales(), base.scoring(), base.concern(), base.cutoff(), base.reliableChange(), base.direction(), base.source(),
                base.licence(), base.unverified());
        as(admin, () -> context.getBean(org.groupalliance.measure.InstrumentService.class).importJson(org.groupalliance.measure.InstrumentJson.write(wholeGroup)));
        as(anna, () -> plans.save(group.id(), new PlanEntryData(code, Set.of(Rater.LEADER), Schedule.everySession(), false, false, List.of()), null));
        ImportFile file = csv(RATERS, m1.code() + ",1," + code + ",1,leader," + anna.username() + ",4,4,5,5");
        ImportReport report = as(anna, () -> imports.check(group.id(), file, byName(file)));
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo("instrument");
            assertThat(p.message()).isEqualTo(code + " does not rate members");
        });
    }

    @Test
    void every_kind_of_bad_leader_or_observer_row_is_reported_by_line_and_column_and_nothing_is_stored() {
        planForMembersAndLeaders();
        Account ben = actors.newUser(Role.FACILITATOR, null);
        Account olga = actors.newUser(Role.OBSERVER, null);
        as(anna, () -> groups.assignObserver(group.id(), olga.created().id()));
        as(anna, () -> ratings.recordLeaderRatings(s2.id(), "MEMBER-GROUP-ALLIANCE",
                List.of(new org.groupalliance.capture.LeaderForm(org.groupalliance.capture.RatingTarget.member(m3.id()), new double[] {4, 4, 4, 4}, null))));
        int ratingsBefore = ratingRows();
        String a = anna.username();
        ImportFile file = csv(RATERS,
                m1.code() + ",1,MEMBER-GROUP-ALLIANCE,1,leader," + a + ",4,4,4,4",            // 2 valid
                m1.code() + ",1,MEMBER-GROUP-ALLIANCE,1,leader,nobody.here,4,4,4,4",           // 3 unknown rater
                m1.code() + ",2,MEMBER-GROUP-ALLIANCE,1,leader," + ben.username() + ",4,4,4,4", // 4 not a leader of the group
                m1.code() + ",2,MEMBER-GROUP-ALLIANCE,1,observer," + olga.username() + ",4,4,4,4", // 5 observer: not planned for observers
                m1.code() + ",2,MEMBER-GROUP-ALLIANCE,1,therapist," + a + ",4,4,4,4",         // 6 unknown kind of rater
                m1.code() + ",1,MEMBER-GROUP-ALLIANCE,1,leader," + a + ",5,5,5,5",            // 7 duplicate of line 2
                m3.code() + ",2,MEMBER-GROUP-ALLIANCE,1,leader," + a + ",5,5,5,5",            // 8 duplicate of a stored leader rating
                m3.code() + ",1,MEMBER-GROUP-ALLIANCE,1,leader," + a + ",5,5,5,5",            // 9 rated member absent
                m2.code() + ",1,MEMBER-GROUP-ALLIANCE,1,leader," + a + ",5,9,5,5",            // 10 value out of range
                m2.code() + ",1,SESSION-ALLIANCE-4,1,leader," + a + ",5,5,5,5",               // 11 not planned for leaders
                m2.code() + ",1,MEMBER-GROUP-ALLIANCE,1,member,,5,5,5,5",                      // 12 valid: the member's own, not a duplicate of a leader's
                m2.code() + ",1,MEMBER-GROUP-ALLIANCE,1,member," + a + ",5,5,5,5");           // 13 a member's own rating names no rater
        ImportReport report = as(anna, () -> imports.check(group.id(), file, byName(file)));
        assertThat(report.validLines()).containsExactly(2, 12);
        assertThat(report.problems()).extracting(ImportProblem::line, ImportProblem::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "rater_code"),
                org.assertj.core.groups.Tuple.tuple(4, "rater_code"),
                org.assertj.core.groups.Tuple.tuple(5, "instrument"),
                org.assertj.core.groups.Tuple.tuple(6, "rater"),
                org.assertj.core.groups.Tuple.tuple(7, ""),
                org.assertj.core.groups.Tuple.tuple(8, ""),
                org.assertj.core.groups.Tuple.tuple(9, "session"),
                org.assertj.core.groups.Tuple.tuple(10, "item_2"),
                org.assertj.core.groups.Tuple.tuple(11, "instrument"),
                org.assertj.core.groups.Tuple.tuple(13, "rater_code"));
        Map<Integer, String> first = new java.util.TreeMap<>();
        report.problems().forEach(p -> first.putIfAbsent(p.line(), p.message()));
        assertThat(first.get(3)).isEqualTo("Unknown rater nobody.here: not a leader of " + group.name());
        assertThat(first.get(4)).isEqualTo("Unknown rater " + ben.username() + ": not a leader of " + group.name());
        assertThat(first.get(5)).isEqualTo("MEMBER-GROUP-ALLIANCE is not planned for observers at session 2: change the group's measurement plan first");
        assertThat(first.get(6)).isEqualTo("Unknown rater therapist (member, leader or observer)");
        assertThat(first.get(7)).isEqualTo("Duplicate: line 2 already has MEMBER-GROUP-ALLIANCE of " + m1.code() + " at session 1 by leader " + a);
        assertThat(first.get(8)).startsWith("Duplicate: MEMBER-GROUP-ALLIANCE of " + m3.code() + " at session 2 by leader " + a + " is already stored");
        assertThat(first.get(9)).contains(m3.code()).contains("absent at session 1");
        assertThat(first.get(10)).isEqualTo("Value out of range: 9 (MEMBER-GROUP-ALLIANCE item 2 is 1 to 7)");
        assertThat(first.get(11)).isEqualTo("SESSION-ALLIANCE-4 is not planned for leaders at session 1: change the group's measurement plan first");
        assertThat(first.get(13)).startsWith("A member's own rating names no rater");

        assertThatThrownBy(() -> as(anna, () -> imports.importRows(group.id(), file, byName(file), false))).isInstanceOf(ImportRefusedException.class);
        assertThat(ratingRows()).isEqualTo(ratingsBefore);
        assertThat(importAudit()).isEmpty();
        ImportResult result = as(anna, () -> imports.importRows(group.id(), file, byName(file), true));
        assertThat(result.storedLines()).containsExactly(2, 12);
        assertThat(ratingRows()).isEqualTo(ratingsBefore + 2);
    }

    @Test
    void a_co_leader_s_ratings_are_left_to_that_leader_and_research_ids_resolve_only_in_the_same_installation() {
        planForMembersAndLeaders();
        Group g = as(anna, () -> groups.get(group.id()));
        Account ben = actors.newUser(Role.FACILITATOR, g.data().siteId());
        as(anna, () -> groups.update(group.id(), g.version(), new org.groupalliance.roster.GroupData(g.data().siteId(), g.data().name(),
                g.data().modality(), g.data().format(), g.data().plannedSessions(), g.data().startDate(), g.data().phases(),
                Set.of(anna.created().id(), ben.created().id()))));
        Pseudonymiser ids = SystemActor.call(() -> context.getBean(ResearchIds.class).pseudonymiser());
        String annaId = ids.id(Pseudonymiser.Kind.USER, anna.created().id().value());
        String benId = ids.id(Pseudonymiser.Kind.USER, ben.created().id().value());
        ImportFile file = csv("member_code,session,instrument,rater,rater_id,item_1,item_2,item_3,item_4",
                m1.code() + ",1,MEMBER-GROUP-ALLIANCE,leader," + annaId + ",4,4,4,4",   // 2 the importing leader's own, by research id
                m2.code() + ",1,MEMBER-GROUP-ALLIANCE,leader," + benId + ",4,4,4,4",    // 3 the co-leader's
                m2.code() + ",2,MEMBER-GROUP-ALLIANCE,leader,U0000000000000000,4,4,4,4"); // 4 nobody here
        ImportReport report = as(anna, () -> imports.check(group.id(), file, byName(file)));
        assertThat(report.validLines()).containsExactly(2);
        assertThat(report.problems()).extracting(ImportProblem::line, ImportProblem::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "rater_id"), org.assertj.core.groups.Tuple.tuple(4, "rater_id"));
        assertThat(report.problems().get(0).message()).isEqualTo("Rater " + ben.username() + " is another leader of " + group.name()
                + ": leader ratings are stored as the importing leader's own, so " + ben.username() + " imports theirs");
        assertThat(report.problems().get(1).message()).contains("none of " + group.name() + "'s leaders in this installation").contains("rater_code");
    }

    // ------------------------------------------------------------------ observers' paper forms (decision 0027)

    static final String OBSERVERS = "member_code,session,instrument,rater,rater_code,rater_id,item_1,item_2,item_3,item_4";

    @Test
    void an_observer_s_paper_forms_are_stored_as_that_observer_s_entered_and_audited_as_the_importing_leader() {
        as(anna, () -> plans.save(group.id(), new PlanEntryData("MEMBER-GROUP-ALLIANCE", Set.of(Rater.MEMBER, Rater.LEADER, Rater.OBSERVER),
                Schedule.everySession(), false, false, List.of()), null));
        Account olga = actors.newUser(Role.OBSERVER, null);
        Account oscar = actors.newUser(Role.OBSERVER, null); // not assigned to the group
        as(anna, () -> groups.assignObserver(group.id(), olga.created().id()));
        as(olga, () -> ratings.recordObserverRatings(s2.id(), "MEMBER-GROUP-ALLIANCE",
                List.of(new org.groupalliance.capture.LeaderForm(org.groupalliance.capture.RatingTarget.member(m3.id()), new double[] {4, 4, 4, 4}, null))));
        int ratingsBefore = ratingRows();
        Pseudonymiser ids = SystemActor.call(() -> context.getBean(ResearchIds.class).pseudonymiser());
        String olgaId = ids.id(Pseudonymiser.Kind.USER, olga.created().id().value());
        String o = olga.username();
        ImportFile file = csv(OBSERVERS,
                m1.code() + ",1,MEMBER-GROUP-ALLIANCE,observer," + o + ",,5,5,6,6",                   // 2 valid
                m2.code() + ",1,MEMBER-GROUP-ALLIANCE,observer,," + olgaId + ",4,,5,5",               // 3 valid, by research id
                m1.code() + ",1,MEMBER-GROUP-ALLIANCE,leader," + anna.username() + ",,4,4,4,4",       // 4 valid: the leader's rating is another one
                m1.code() + ",1,MEMBER-GROUP-ALLIANCE,observer," + o.toUpperCase(java.util.Locale.ROOT) + ",,5,5,5,5", // 5 duplicate of line 2
                m3.code() + ",2,MEMBER-GROUP-ALLIANCE,observer," + o + ",,5,5,5,5",                   // 6 duplicate of olga's stored rating
                m1.code() + ",2,MEMBER-GROUP-ALLIANCE,observer," + oscar.username() + ",,5,5,5,5",    // 7 an observer not assigned
                m1.code() + ",2,MEMBER-GROUP-ALLIANCE,observer," + anna.username() + ",,5,5,5,5",     // 8 a leader named as observer
                m1.code() + ",2,MEMBER-GROUP-ALLIANCE,observer,,U0000000000000000,5,5,5,5",           // 9 research id of nobody here
                m1.code() + ",2,MEMBER-GROUP-ALLIANCE,observer,,,5,5,5,5",                            // 10 no observer named
                m3.code() + ",1,MEMBER-GROUP-ALLIANCE,observer," + o + ",,5,5,5,5",                   // 11 rated member absent
                m2.code() + ",1,SESSION-ALLIANCE-4,observer," + o + ",,5,5,5,5",                      // 12 not planned for observers
                m2.code() + ",2,MEMBER-GROUP-ALLIANCE,observer," + o + ",,5,8,5,5");                  // 13 value out of range
        ImportReport report = as(anna, () -> imports.check(group.id(), file, byName(file)));
        assertThat(report.validLines()).containsExactly(2, 3, 4);
        assertThat(report.problems()).extracting(ImportProblem::line, ImportProblem::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5, ""),
                org.assertj.core.groups.Tuple.tuple(6, ""),
                org.assertj.core.groups.Tuple.tuple(7, "rater_code"),
                org.assertj.core.groups.Tuple.tuple(8, "rater_code"),
                org.assertj.core.groups.Tuple.tuple(9, "rater_id"),
                org.assertj.core.groups.Tuple.tuple(10, "rater"),
                org.assertj.core.groups.Tuple.tuple(11, "session"),
                org.assertj.core.groups.Tuple.tuple(12, "instrument"),
                org.assertj.core.groups.Tuple.tuple(13, "item_2"));
        Map<Integer, String> first = new java.util.TreeMap<>();
        report.problems().forEach(p -> first.putIfAbsent(p.line(), p.message()));
        assertThat(first.get(5)).isEqualTo("Duplicate: line 2 already has MEMBER-GROUP-ALLIANCE of " + m1.code() + " at session 1 by observer " + o);
        assertThat(first.get(6)).startsWith("Duplicate: MEMBER-GROUP-ALLIANCE of " + m3.code() + " at session 2 by observer " + o + " is already stored");
        assertThat(first.get(7)).isEqualTo("Unknown rater " + oscar.username() + ": not an observer assigned to " + group.name());
        assertThat(first.get(8)).isEqualTo("Unknown rater " + anna.username() + ": not an observer assigned to " + group.name());
        assertThat(first.get(9)).contains("none of " + group.name() + "'s observers in this installation").contains("rater_code");
        assertThat(first.get(10)).startsWith("Rater observer: no rater_code");
        assertThat(first.get(12)).isEqualTo("SESSION-ALLIANCE-4 is not planned for observers at session 1: change the group's measurement plan first");

        // all or nothing: refused with the report, nothing stored, no import audited
        assertThatThrownBy(() -> as(anna, () -> imports.importRows(group.id(), file, byName(file), false))).isInstanceOf(ImportRefusedException.class);
        assertThat(ratingRows()).isEqualTo(ratingsBefore);
        assertThat(importAudit()).isEmpty();

        ImportResult result = as(anna, () -> imports.importRows(group.id(), file, byName(file), true));
        assertThat(result.storedLines()).containsExactly(2, 3, 4);
        assertThat(ratingRows()).isEqualTo(ratingsBefore + 3);
        List<Rating> observed = as(anna, () -> ratings.forSession(s1.id())).stream().filter(r -> r.raterKind() == Rater.OBSERVER).toList();
        assertThat(observed).hasSize(2).allSatisfy(r -> {
            assertThat(r.raterUser()).isEqualTo(olga.created().id());
            assertThat(r.source()).isEqualTo(Rating.Source.PAPER);
            assertThat(r.enteredBy()).isEqualTo(anna.username());
        });
        assertThat(observed).filteredOn(r -> r.target().member().equals(m1.id())).singleElement().satisfies(r -> assertThat(r.total()).isEqualTo(5.5));
        // the observer still sees exactly their own ratings (blind), now including the imported ones
        assertThat(as(olga, () -> ratings.forSession(s1.id()))).hasSize(2);
        assertThat(importAudit()).singleElement().satisfies(e -> assertThat(e.after()).contains("\"observerRatings\":2").contains("\"leaderRatings\":1"));
        assertThat(as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.CREATE, "Rating", null, null, 10))))
                .filteredOn(e -> e.after().contains("\"source\":\"PAPER\"")).hasSize(2);
    }

    @Test
    void the_rating_service_enters_paper_forms_only_for_the_group_s_raters_and_only_by_its_leaders() {
        as(anna, () -> plans.save(group.id(), new PlanEntryData("MEMBER-GROUP-ALLIANCE", Set.of(Rater.MEMBER, Rater.LEADER, Rater.OBSERVER),
                Schedule.everySession(), false, false, List.of()), null));
        Account olga = actors.newUser(Role.OBSERVER, null);
        Account oscar = actors.newUser(Role.OBSERVER, null);
        as(anna, () -> groups.assignObserver(group.id(), olga.created().id()));
        List<org.groupalliance.capture.LeaderForm> forms = List.of(
                new org.groupalliance.capture.LeaderForm(org.groupalliance.capture.RatingTarget.member(m1.id()), new double[] {4, 4, 4, 4}, null));
        assertThatThrownBy(() -> as(anna, () -> ratings.recordPaperRatings(s1.id(), "MEMBER-GROUP-ALLIANCE", oscar.created().id(), forms)))
                .isInstanceOf(org.groupalliance.base.ValidationException.class).hasMessageContaining("observers assigned to");
        // a leader (here the signed-in one; a co-leader alike) is never entered as the rater of a paper form: leaders enter their own
        assertThatThrownBy(() -> as(anna, () -> ratings.recordPaperRatings(s1.id(), "MEMBER-GROUP-ALLIANCE", anna.created().id(), forms)))
                .isInstanceOf(org.groupalliance.base.ValidationException.class).hasMessageContaining("leaders enter their own");
        assertThatThrownBy(() -> as(admin, () -> ratings.recordPaperRatings(s1.id(), "MEMBER-GROUP-ALLIANCE", olga.created().id(), forms)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(olga, () -> ratings.recordPaperRatings(s1.id(), "MEMBER-GROUP-ALLIANCE", olga.created().id(), forms)))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(ratingRows()).isZero();
        assertThat(as(anna, () -> ratings.recordPaperRatings(s1.id(), "MEMBER-GROUP-ALLIANCE", olga.created().id(), forms))).singleElement()
                .satisfies(r -> {
                    assertThat(r.raterKind()).isEqualTo(Rater.OBSERVER);
                    assertThat(r.raterUser()).isEqualTo(olga.created().id());
                    assertThat(r.source()).isEqualTo(Rating.Source.PAPER);
                });
        // an observer's own (blind) rating is never replaced by a paper form, neither naming its version nor without one
        List<org.groupalliance.capture.LeaderForm> own = List.of(
                new org.groupalliance.capture.LeaderForm(org.groupalliance.capture.RatingTarget.member(m2.id()), new double[] {2, 2, 2, 2}, null));
        Rating stored = as(olga, () -> ratings.recordObserverRatings(s1.id(), "MEMBER-GROUP-ALLIANCE", own)).getFirst();
        List<org.groupalliance.capture.LeaderForm> replacing = List.of(
                new org.groupalliance.capture.LeaderForm(org.groupalliance.capture.RatingTarget.member(m2.id()), new double[] {5, 5, 5, 5}, stored.version()));
        assertThatThrownBy(() -> as(anna, () -> ratings.recordPaperRatings(s1.id(), "MEMBER-GROUP-ALLIANCE", olga.created().id(), replacing)))
                .isInstanceOf(org.groupalliance.base.ValidationException.class).hasMessageContaining("never replaces a stored rating");
        List<org.groupalliance.capture.LeaderForm> again = List.of(
                new org.groupalliance.capture.LeaderForm(org.groupalliance.capture.RatingTarget.member(m2.id()), new double[] {5, 5, 5, 5}, null));
        assertThatThrownBy(() -> as(anna, () -> ratings.recordPaperRatings(s1.id(), "MEMBER-GROUP-ALLIANCE", olga.created().id(), again)))
                .isInstanceOf(org.groupalliance.base.ConcurrentEditException.class);
        assertThat(as(olga, () -> ratings.forSession(s1.id()))).filteredOn(r -> r.id() == stored.id()).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo(Rating.Source.OBSERVER);
            assertThat(r.total()).isEqualTo(stored.total());
            assertThat(r.version()).isEqualTo(stored.version());
        });
    }

    // ------------------------------------------------------------------ outcome forms at timepoints (decision 0027)

    static final String OUTCOMES = "member_code,session,timepoint,instrument,instrument_version,rater,item_1,item_2,item_3,item_4,item_5,item_6,item_7,item_8,item_9";

    @Test
    void outcome_forms_at_timepoints_are_stored_through_the_outcome_service_and_every_bad_row_is_reported() {
        as(anna, () -> plans.save(group.id(), new PlanEntryData("PHQ-9", Set.of(Rater.MEMBER), new Schedule(Schedule.Kind.NONE, null, null, null),
                true, true, List.of()), null));
        as(anna, () -> outcomes.record(group.id(), "PHQ-9", org.groupalliance.outcome.Timepoint.post(),
                List.of(new MemberForm(m3.id(), new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, null))));
        ImportFile file = csv(OUTCOMES,
                m1.code() + ",,baseline,PHQ-9,1,member,2,2,3,1,2,2,1,0,0",     // 2 valid
                m1.code() + ",,POST,PHQ-9,1,,1,1,1,0,1,1,0,0,0",                // 3 valid
                m2.code() + ",1,,SESSION-ALLIANCE-4,1,member,9,9,9,9,,,,,",     // 4 valid: a rating at a session in the same file
                m1.code() + ",,baseline,PHQ-9,1,,2,2,2,2,2,2,2,2,2",            // 5 duplicate of line 2
                m3.code() + ",,post,PHQ-9,1,,2,2,2,2,2,2,2,2,2",                // 6 duplicate of a stored form
                m2.code() + ",,fu12,PHQ-9,1,,2,2,2,2,2,2,2,2,2",                // 7 not planned at that timepoint
                m2.code() + ",,week 3,PHQ-9,1,,2,2,2,2,2,2,2,2,2",              // 8 unreadable timepoint
                m2.code() + ",2,baseline,PHQ-9,1,,2,2,2,2,2,2,2,2,2",           // 9 a session and a timepoint
                m2.code() + ",,baseline,PHQ-9,1,leader,2,2,2,2,2,2,2,2,2",      // 10 not the member's own
                m2.code() + ",,baseline,PHQ-9,1,,2,2,2,2,7,2,2,2,2",            // 11 value out of range
                "NOBODY,,baseline,PHQ-9,1,,2,2,2,2,2,2,2,2,2",                  // 12 unknown member
                m2.code() + ",,baseline,SESSION-ALLIANCE-4,1,,9,9,9,9,,,,,");  // 13 no timepoints for this instrument
        ImportReport report = as(anna, () -> imports.check(group.id(), file, byName(file)));
        assertThat(report.validLines()).containsExactly(2, 3, 4);
        assertThat(report.problems()).extracting(ImportProblem::line, ImportProblem::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5, ""),
                org.assertj.core.groups.Tuple.tuple(6, ""),
                org.assertj.core.groups.Tuple.tuple(7, "instrument"),
                org.assertj.core.groups.Tuple.tuple(8, "timepoint"),
                org.assertj.core.groups.Tuple.tuple(9, "session"),
                org.assertj.core.groups.Tuple.tuple(10, "rater"),
                org.assertj.core.groups.Tuple.tuple(11, "item_5"),
                org.assertj.core.groups.Tuple.tuple(12, "member_code"),
                org.assertj.core.groups.Tuple.tuple(13, "instrument"));
        Map<Integer, String> first = new java.util.TreeMap<>();
        report.problems().forEach(p -> first.putIfAbsent(p.line(), p.message()));
        assertThat(first.get(5)).isEqualTo("Duplicate: line 2 already has PHQ-9 of " + m1.code() + " at baseline");
        assertThat(first.get(6)).isEqualTo("Duplicate: PHQ-9 of " + m3.code() + " at post is already stored (an import never replaces a stored form)");
        assertThat(first.get(7)).isEqualTo("PHQ-9 is not planned at follow-up 12 weeks for " + group.name() + ": change the group's measurement plan first");
        assertThat(first.get(8)).startsWith("Timepoint week 3 is not baseline, post or fu");
        assertThat(first.get(11)).isEqualTo("Value out of range: 7 (PHQ-9 item 5 is 0 to 3)");

        int formsBefore = outcomeRows();
        assertThatThrownBy(() -> as(anna, () -> imports.importRows(group.id(), file, byName(file), false))).isInstanceOf(ImportRefusedException.class);
        assertThat(outcomeRows()).isEqualTo(formsBefore);
        assertThat(ratingRows()).isZero();
        ImportResult result = as(anna, () -> imports.importRows(group.id(), file, byName(file), true));
        assertThat(result.storedLines()).containsExactly(2, 3, 4);
        assertThat(outcomeRows()).isEqualTo(formsBefore + 2);
        assertThat(ratingRows()).isEqualTo(1);
        assertThat(as(anna, () -> outcomes.forGroup(group.id()))).filteredOn(r -> r.member().equals(m1.id()))
                .extracting(r -> r.timepoint().key() + "=" + r.total()).containsExactlyInAnyOrder("BASELINE=13.0", "POST=5.0");
        assertThat(importAudit()).singleElement().satisfies(e -> assertThat(e.after()).contains("\"outcomeForms\":2").contains("\"memberRatings\":1"));
        assertThat(as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.CREATE, "OutcomeRating", null, null, 10)))).hasSize(3);
    }

    int outcomeRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM outcome_rating WHERE group_id = ?", Integer.class, group.id().value());
    }

    // ------------------------------------------------------------------ ratings of subgroups and the whole group (decision 0027)

    static final String TARGETS = "session,instrument,rater,rater_code,target_level,target_code,target_id,item_1,item_2,item_3,item_4,item_5,item_6,item_7,item_8,item_9";

    @Test
    void leaders_and_observers_ratings_of_subgroups_and_the_whole_group_are_imported_from_the_target_layout_and_every_bad_row_is_reported() {
        as(anna, () -> plans.save(group.id(), new PlanEntryData("GROUP-ALLIANCE-3L", Set.of(Rater.MEMBER, Rater.LEADER, Rater.OBSERVER),
                Schedule.everySession(), false, false, List.of()), null));
        planForMembersAndLeaders();
        Account olga = actors.newUser(Role.OBSERVER, null);
        as(anna, () -> groups.assignObserver(group.id(), olga.created().id()));
        var pair = as(anna, () -> context.getBean(org.groupalliance.roster.SubgroupService.class).create(group.id(), "Pair", Set.of(m1.id(), m2.id()), 2));
        as(anna, () -> ratings.recordLeaderRatings(s2.id(), "GROUP-ALLIANCE-3L", List.of(new org.groupalliance.capture.LeaderForm(
                org.groupalliance.capture.RatingTarget.wholeGroup(), new double[] {4, 4, 4, 4, 4, 4, 4, 4, 4}, null))));
        int ratingsBefore = ratingRows();
        Pseudonymiser ids = SystemActor.call(() -> context.getBean(ResearchIds.class).pseudonymiser());
        String pairId = ids.id(Pseudonymiser.Kind.SUBGROUP, pair.id().value());
        String m1Id = ids.id(Pseudonymiser.Kind.MEMBER, m1.id().value());
        String a = anna.username();
        String items = ",5,5,5,5,5,5,5,5,5";
        ImportFile file = csv(TARGETS,
                "1,GROUP-ALLIANCE-3L,leader," + a + ",whole_group,," + items,                        // 2 valid
                "2,GROUP-ALLIANCE-3L,leader," + a + ",subgroup,pair," + items,                       // 3 valid (name in any case)
                "2,GROUP-ALLIANCE-3L,observer," + olga.username() + ",subgroup,," + pairId + items,  // 4 valid: the observer's, by research id
                "2,GROUP-ALLIANCE-3L,leader," + a + ",member,," + m1Id + items,                      // 5 valid: a member row of the target file
                "2,GROUP-ALLIANCE-3L,leader," + a + ",subgroup,," + pairId + items,                  // 6 duplicate of line 3
                "1,GROUP-ALLIANCE-3L,leader," + a + ",subgroup,Pair," + items,                       // 7 no members in the subgroup at session 1
                "2,GROUP-ALLIANCE-3L,leader," + a + ",subgroup,Trio," + items,                       // 8 unknown subgroup
                "2,GROUP-ALLIANCE-3L,leader," + a + ",team,," + items,                               // 9 unknown target level
                "2,GROUP-ALLIANCE-3L,member,,whole_group,," + items,                                 // 10 a member does not rate the whole group
                "2,MEMBER-GROUP-ALLIANCE,leader," + a + ",whole_group,,,5,5,5,5,,,,,",               // 11 the instrument rates no whole group
                "1,GROUP-ALLIANCE-3L,leader," + a + ",whole_group,Pair," + items,                    // 12 the whole group names no subgroup
                "2,GROUP-ALLIANCE-3L,leader," + a + ",whole_group,," + items,                        // 13 duplicate of a stored rating
                "2,GROUP-ALLIANCE-3L,leader," + a + ",subgroup,,," + items.substring(1));           // 14 no subgroup named
        ImportReport report = as(anna, () -> imports.check(group.id(), file, byName(file)));
        assertThat(report.validLines()).containsExactly(2, 3, 4, 5);
        assertThat(report.problems()).extracting(ImportProblem::line, ImportProblem::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(6, ""),
                org.assertj.core.groups.Tuple.tuple(7, "session"),
                org.assertj.core.groups.Tuple.tuple(8, "target_code"),
                org.assertj.core.groups.Tuple.tuple(9, "target_level"),
                org.assertj.core.groups.Tuple.tuple(10, "rater"),
                org.assertj.core.groups.Tuple.tuple(11, "instrument"),
                org.assertj.core.groups.Tuple.tuple(12, "target_code"),
                org.assertj.core.groups.Tuple.tuple(13, ""),
                org.assertj.core.groups.Tuple.tuple(14, "target_level"));
        Map<Integer, String> first = new java.util.TreeMap<>();
        report.problems().forEach(p -> first.putIfAbsent(p.line(), p.message()));
        assertThat(first.get(6)).isEqualTo("Duplicate: line 3 already has GROUP-ALLIANCE-3L of subgroup Pair at session 2 by leader " + a);
        assertThat(first.get(7)).isEqualTo("Subgroup Pair has no members at session 1");
        assertThat(first.get(8)).isEqualTo("Unknown subgroup Trio in " + group.name());
        assertThat(first.get(9)).isEqualTo("Unknown target level team (member, subgroup or whole_group)");
        assertThat(first.get(10)).startsWith("A rating of the whole group is a leader's or an observer's");
        assertThat(first.get(11)).isEqualTo("MEMBER-GROUP-ALLIANCE does not rate the whole group");
        assertThat(first.get(13)).startsWith("Duplicate: GROUP-ALLIANCE-3L of the whole group at session 2 by leader " + a + " is already stored");

        assertThatThrownBy(() -> as(anna, () -> imports.importRows(group.id(), file, byName(file), false))).isInstanceOf(ImportRefusedException.class);
        assertThat(ratingRows()).isEqualTo(ratingsBefore);
        ImportResult result = as(anna, () -> imports.importRows(group.id(), file, byName(file), true));
        assertThat(result.storedLines()).containsExactly(2, 3, 4, 5);
        assertThat(ratingRows()).isEqualTo(ratingsBefore + 4);
        List<Rating> at2 = as(anna, () -> ratings.forSession(s2.id()));
        assertThat(at2).filteredOn(r -> r.target().kind() == org.groupalliance.capture.RatingTarget.Kind.SUBGROUP).hasSize(2)
                .anySatisfy(r -> {
                    assertThat(r.raterKind()).isEqualTo(Rater.LEADER);
                    assertThat(r.source()).isEqualTo(Rating.Source.LEADER);
                })
                .anySatisfy(r -> {
                    assertThat(r.raterKind()).isEqualTo(Rater.OBSERVER);
                    assertThat(r.raterUser()).isEqualTo(olga.created().id());
                    assertThat(r.source()).isEqualTo(Rating.Source.PAPER);
                    assertThat(r.target().subgroup()).isEqualTo(pair.id());
                });
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).filteredOn(r -> r.target().kind() == org.groupalliance.capture.RatingTarget.Kind.WHOLE_GROUP)
                .singleElement().satisfies(r -> assertThat(r.total()).isEqualTo(5.0));
    }
}
