package org.groupalliance.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.MemberId;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.StatementCounter;
import org.groupalliance.support.TestGroups;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database round trips of a session-sheet save (issue #13): a sheet of member forms for three
 * instruments saved in one transaction reads the stored ratings, writes and audits set-based, so a
 * new sheet costs the same number of statements for 3 members as for 12, and a sheet of changed
 * answers costs one statement per changed rating (its version-checked update) plus the same constant.
 * Before issue #13 a new 12 x 3 sheet took 288 statements and a new 3 x 3 sheet 117.
 */
@MariaDbTest
class SheetSaveStatementsMariaDbTest {

    static final List<String> THREE = List.of("SESSION-ALLIANCE-4", "GROUP-CLIMATE-12", "MEMBER-GROUP-ALLIANCE");

    @Autowired ApplicationContext context;
    @Autowired RatingService ratings;
    @Autowired MeasurementPlanService plans;
    @Autowired SessionService sessions;
    @Autowired TransactionTemplate tx;
    @Autowired DSLContext dsl;

    @Test
    void a_sheet_save_costs_a_number_of_statements_independent_of_the_number_of_members() {
        Actors actors = new Actors(context);
        var site = actors.newSite();
        Actors.Account anna = actors.newUser(Role.FACILITATOR, site);
        TestGroups.TestGroup g = TestGroups.closedGroup(context, anna, site, "Statements ", 12);
        for (String code : THREE) {
            as(anna, () -> plans.save(g.group().id(), new PlanEntryData(code, Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
        }
        GroupSession s1 = held(anna, g, 1);
        GroupSession s2 = held(anna, g, 2);

        List<String> three = save(anna, s1, g.members().subList(0, 3), 1);
        List<String> twelve = save(anna, s2, g.members(), 1);
        assertThat(twelve).as("statements of a new 12 x 3 sheet (%d) vs a new 3 x 3 sheet (%d):%n%s", twelve.size(), three.size(),
                String.join("\n", twelve)).hasSameSizeAs(three);
        assertThat(as(anna, () -> ratings.forSession(s2.id()))).hasSize(36);

        // changed answers on every form: one version-checked update per rating, the rest set-based
        List<String> changedThree = save(anna, s1, g.members().subList(0, 3), 2);
        List<String> changedTwelve = save(anna, s2, g.members(), 2);
        assertThat(changedTwelve.size() - 36).as("statements of a changed 12 x 3 sheet (%d) less its 36 updates vs a changed 3 x 3 sheet (%d)"
                + " less its 9:%n%s", changedTwelve.size(), changedThree.size(), String.join("\n", changedTwelve)).isEqualTo(changedThree.size() - 9);
        System.out.printf("sheet save statements: new 3 x 3 %d, new 12 x 3 %d, changed 3 x 3 %d, changed 12 x 3 %d%n",
                three.size(), twelve.size(), changedThree.size(), changedTwelve.size());
        assertThat(changedTwelve.stream().filter(sql -> sql.startsWith("update `rating`")).count()).isEqualTo(36);
        assertThat(as(anna, () -> ratings.forSession(s2.id()))).hasSize(36).allMatch(r -> r.version() == 1);
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).hasSize(9).allMatch(r -> r.version() == 1);
    }

    @Test
    void completeness_rebuilds_the_planned_forms_only_when_they_changed() {
        Actors actors = new Actors(context);
        var site = actors.newSite();
        Actors.Account anna = actors.newUser(Role.FACILITATOR, site);
        TestGroups.TestGroup g = TestGroups.closedGroup(context, anna, site, "Completeness ", 4);
        as(anna, () -> plans.save(g.group().id(), new PlanEntryData(THREE.get(0), Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
        GroupSession s1 = held(anna, g, 1);
        held(anna, g, 2);
        ExpectedForms expectedForms = context.getBean(ExpectedForms.class);
        assertThat(as(anna, () -> expectedForms.completeness(g.group().id())).planned()).isEqualTo(8);
        List<String> again = as(anna, () -> {
            try (StatementCounter counter = new StatementCounter(dsl)) {
                expectedForms.completeness(g.group().id());
                return counter.statements();
            }
        });
        assertThat(again).as("a second look with nothing changed writes nothing:%n%s", String.join("\n", again))
                .noneMatch(sql -> sql.startsWith("insert") || sql.startsWith("delete") || sql.startsWith("update"));
        // one member absent at session 1: one planned form less, so the rows are rebuilt
        GroupSession current = as(anna, () -> sessions.get(s1.id()));
        Map<MemberId, AttendanceStatus> sheet = new HashMap<>();
        g.members().forEach(m -> sheet.put(m.id(), AttendanceStatus.PRESENT));
        sheet.put(g.members().get(0).id(), AttendanceStatus.ABSENT);
        as(anna, () -> sessions.recordAttendance(s1.id(), current.version(), sheet));
        assertThat(as(anna, () -> expectedForms.completeness(g.group().id())).planned()).isEqualTo(7);
    }

    /** Saves the three instruments' forms of {@code members} in one transaction and returns the statements it ran, commit included. */
    private List<String> save(Actors.Account anna, GroupSession s, List<Member> members, double answer) {
        Map<String, Map<MemberId, Integer>> versions = new HashMap<>();
        as(anna, () -> ratings.forSession(s.id())).forEach(r -> versions.computeIfAbsent(r.instrumentCode(), k -> new HashMap<>()).put(r.raterMember(), r.version()));
        List<List<MemberForm>> sheets = new ArrayList<>();
        for (String code : THREE) {
            List<MemberForm> forms = new ArrayList<>();
            for (Member m : members) {
                forms.add(new MemberForm(m.id(), responses(code, answer), versions.getOrDefault(code, Map.of()).get(m.id())));
            }
            sheets.add(forms);
        }
        return as(anna, () -> {
            try (StatementCounter counter = new StatementCounter(dsl)) {
                tx.executeWithoutResult(status -> {
                    for (int i = 0; i < THREE.size(); i++) {
                        ratings.recordMemberForms(s.id(), THREE.get(i), sheets.get(i));
                    }
                });
                return counter.statements();
            }
        });
    }

    private static double[] responses(String code, double answer) {
        return switch (code) {
            case "SESSION-ALLIANCE-4" -> new double[] {7 + answer, 7 + answer, 7 + answer, 7 + answer};
            case "GROUP-CLIMATE-12" -> new double[] {answer, answer, answer, answer, answer, answer, answer, answer, answer, answer, answer, answer};
            default -> new double[] {1 + answer, 1 + answer, 1 + answer, 1 + answer};
        };
    }

    private GroupSession held(Actors.Account anna, TestGroups.TestGroup g, int n) {
        GroupSession s = as(anna, () -> sessions.create(g.group().id(), new SessionData(n, LocalDate.of(2026, 1, 6).plusWeeks(n - 1), null)));
        Map<MemberId, AttendanceStatus> sheet = new HashMap<>();
        g.members().forEach(m -> sheet.put(m.id(), AttendanceStatus.PRESENT));
        return as(anna, () -> sessions.recordAttendance(s.id(), s.version(), sheet));
    }
}
