package org.groupalliance.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.ValidationException;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.Subgroup;
import org.groupalliance.roster.SubgroupService;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.AuditQuery;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** Recording ratings, on each database engine: all or nothing, plan- and attendance-aware, audited. */
abstract class RatingContract {

    static final double NA = Double.NaN;

    @Autowired ApplicationContext applicationContext;
    @Autowired RatingService ratings;
    @Autowired MeasurementPlanService plans;
    @Autowired GroupService groups;
    @Autowired MemberService members;
    @Autowired SessionService sessions;
    @Autowired SubgroupService subgroups;
    @Autowired AuditLog audit;
    @Autowired org.jooq.DSLContext dsl;
    @Autowired ExpectedForms expectedForms;
    @Autowired org.groupalliance.support.TestClock clock;
    Account anna;
    Account admin;
    Group group;
    Member m1;
    Member m2;
    Member m3;
    GroupSession s1;

    @BeforeEach
    void setUp() {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        admin = actors.newUser(Role.ADMIN, null);
        TestGroups.TestGroup g = TestGroups.closedGroup(applicationContext, anna, site, "Rating group ", 3);
        group = g.group();
        m1 = g.member(1);
        m2 = g.member(2);
        m3 = g.member(3);
        s1 = as(anna, () -> sessions.create(group.id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
        GroupSession taken = as(anna, () -> sessions.recordAttendance(s1.id(), s1.version(),
                Map.of(m1.id(), AttendanceStatus.PRESENT, m2.id(), AttendanceStatus.LATE, m3.id(), AttendanceStatus.ABSENT)));
        s1 = taken;
        as(anna, () -> plans.save(group.id(), new PlanEntryData("SESSION-ALLIANCE-4", Set.of(Rater.MEMBER), Schedule.everySession(), false, false,
                List.of()), null));
        as(anna, () -> plans.save(group.id(), new PlanEntryData("GROUP-ALLIANCE-3L", Set.of(Rater.MEMBER, Rater.LEADER), Schedule.everySession(),
                false, false, List.of()), null));
    }

    @Test
    void a_leader_enters_the_members_forms_and_the_scores_are_stored() {
        List<Rating> saved = as(anna, () -> ratings.recordMemberForms(s1.id(), "SESSION-ALLIANCE-4", List.of(
                new MemberForm(m1.id(), new double[] {9.5, 9.2, 9.8, 9.6}, null),
                new MemberForm(m2.id(), new double[] {8.0, 7.5, 9.0, 8.4}, null))));
        assertThat(saved).extracting(Rating::total).containsExactly(38.1, 32.9);
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).hasSize(2)
                .allSatisfy(r -> assertThat(r.instrumentVersion()).isEqualTo(1))
                .anySatisfy(r -> assertThat(r.responses()).containsExactly(8.0, 7.5, 9.0, 8.4));
        assertThat(as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.CREATE, "Rating", null, null, 10)))).hasSize(2)
                .anySatisfy(e -> assertThat(e.after()).contains("\"total\":38.1"));
    }

    @Test
    void one_out_of_range_value_stores_nothing_and_names_member_item_and_range() {
        assertThatThrownBy(() -> as(anna, () -> ratings.recordMemberForms(s1.id(), "SESSION-ALLIANCE-4", List.of(
                new MemberForm(m1.id(), new double[] {9.5, 9.2, 9.8, 9.6}, null),
                new MemberForm(m2.id(), new double[] {8.0, 12.5, 9.0, 8.4}, null)))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsEntry(m2.code() + ".item2",
                        m2.code() + ": Item 2 (Goals and topics): 12.5 is outside the allowed range 0 to 10"));
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).isEmpty();
    }

    @Test
    void absent_members_do_not_rate_and_unplanned_instruments_are_refused() {
        assertThatThrownBy(() -> as(anna, () -> ratings.recordMemberForms(s1.id(), "SESSION-ALLIANCE-4",
                List.of(new MemberForm(m3.id(), new double[] {9, 9, 9, 9}, null)))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get(m3.code())).contains("was absent at session 1"));
        assertThatThrownBy(() -> as(anna, () -> ratings.recordMemberForms(s1.id(), "PHQ-9",
                List.of(new MemberForm(m1.id(), new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0}, null)))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("instrument")).contains("not planned"));
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).isEmpty();
    }

    @Test
    void a_second_save_from_a_stale_form_is_refused_and_the_first_kept() {
        Rating first = as(anna, () -> ratings.recordMemberForms(s1.id(), "SESSION-ALLIANCE-4",
                List.of(new MemberForm(m1.id(), new double[] {9, 9, 9, 9}, null)))).get(0);
        Rating changed = as(anna, () -> ratings.recordMemberForms(s1.id(), "SESSION-ALLIANCE-4",
                List.of(new MemberForm(m1.id(), new double[] {8, 9, 9, 9}, first.version())))).get(0);
        assertThat(changed.total()).isEqualTo(35);
        assertThatThrownBy(() -> as(anna, () -> ratings.recordMemberForms(s1.id(), "SESSION-ALLIANCE-4",
                List.of(new MemberForm(m1.id(), new double[] {10, 10, 10, 10}, first.version())))))
                .isInstanceOf(ConcurrentEditException.class);
        assertThatThrownBy(() -> as(anna, () -> ratings.recordMemberForms(s1.id(), "SESSION-ALLIANCE-4",
                List.of(new MemberForm(m1.id(), new double[] {10, 10, 10, 10}, null))))).isInstanceOf(ConcurrentEditException.class);
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).singleElement().satisfies(r -> assertThat(r.total()).isEqualTo(35));
        assertThat(as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.UPDATE, "Rating", null, null, 10)))).singleElement()
                .satisfies(e -> {
                    assertThat(e.before()).contains("\"total\":36");
                    assertThat(e.after()).contains("\"total\":35");
                });
    }

    @Test
    void the_leader_rates_a_member_a_subgroup_and_the_whole_group_with_subscales() {
        Subgroup pair = as(anna, () -> subgroups.create(group.id(), "Pair", Set.of(m1.id(), m2.id()), 1));
        double[] responses = {6, 5, 7, 4, 4, 5, 3, NA, 4};
        Rating whole = as(anna, () -> ratings.recordLeaderRating(s1.id(), "GROUP-ALLIANCE-3L", RatingTarget.wholeGroup(), responses, null));
        // mean of the 8 answered items; subscale means over answered items
        assertThat(whole.total()).isEqualTo(38 / 8.0);
        assertThat(whole.subscales()).containsEntry("Individual (self with leader)", 6.0).containsEntry("Whole group", 3.5);
        as(anna, () -> ratings.recordLeaderRating(s1.id(), "GROUP-ALLIANCE-3L", RatingTarget.subgroup(pair.id()), responses, null));
        as(anna, () -> ratings.recordLeaderRating(s1.id(), "GROUP-ALLIANCE-3L", RatingTarget.member(m1.id()), responses, null));
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).extracting(r -> r.target().kind())
                .containsExactlyInAnyOrder(RatingTarget.Kind.WHOLE_GROUP, RatingTarget.Kind.SUBGROUP, RatingTarget.Kind.MEMBER);
        // an admin passes the leader-or-admin access check but leads no group: refused, naming the field and the rule
        assertThatThrownBy(() -> as(admin, () -> ratings.recordLeaderRating(s1.id(), "GROUP-ALLIANCE-3L", RatingTarget.wholeGroup(), responses, null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsExactly(java.util.Map.entry("rater", "Only the group's leaders enter leader ratings")));
    }

    @Test
    void an_assigned_observer_rates_blind_and_only_the_groups_it_is_assigned_to() {
        Actors actors = new Actors(applicationContext);
        Account olga = actors.newUser(Role.OBSERVER, null);
        Account otto = actors.newUser(Role.OBSERVER, null);
        as(anna, () -> plans.save(group.id(), new PlanEntryData("GROUP-CLIMATE-12", Set.of(Rater.MEMBER, Rater.OBSERVER), Schedule.everySession(),
                false, false, List.of()), null));
        assertThatThrownBy(() -> as(anna, () -> groups.assignObserver(group.id(), anna.created().id())))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("observer"));
        as(anna, () -> groups.assignObserver(group.id(), olga.created().id()));
        assertThat(as(anna, () -> groups.observers(group.id()))).extracting(l -> l.userId()).containsExactly(olga.created().id());
        assertThat(as(olga, () -> groups.findObservedGroups())).extracting(g -> g.id()).containsExactly(group.id());

        as(anna, () -> ratings.recordMemberForms(s1.id(), "SESSION-ALLIANCE-4", List.of(new MemberForm(m1.id(), new double[] {9, 9, 9, 9}, null))));
        double[] climate = {4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5};
        List<Rating> saved = as(olga, () -> ratings.recordObserverRatings(s1.id(), "GROUP-CLIMATE-12",
                List.of(new LeaderForm(RatingTarget.member(m1.id()), climate, null))));
        assertThat(saved).singleElement().satisfies(r -> {
            assertThat(r.raterKind()).isEqualTo(Rater.OBSERVER);
            assertThat(r.raterUser()).isEqualTo(olga.created().id());
        });
        // the observer sees only their own ratings; the leader sees everything
        assertThat(as(olga, () -> ratings.forSession(s1.id()))).singleElement().satisfies(r -> assertThat(r.raterKind()).isEqualTo(Rater.OBSERVER));
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).extracting(Rating::raterKind).containsExactlyInAnyOrder(Rater.MEMBER, Rater.OBSERVER);
        // observers read the session and attendance (codes only: no names, no session notes, no end reasons: the
        // leaders' free text), never change them or enter members' forms
        GroupSession noted = as(anna, () -> sessions.update(s1.id(), s1.version(), new SessionData(1, s1.data().date(), "Leader's note about M3")));
        var memberService = applicationContext.getBean(org.groupalliance.roster.MemberService.class);
        as(anna, () -> memberService.update(m3.id(), m3.version(), new org.groupalliance.roster.MemberData(m3.code(), null, 1, 1,
                org.groupalliance.roster.EndStatus.DROPPED_OUT, "Reason only the leaders read")));
        assertThat(as(olga, () -> sessions.get(s1.id())).data().note()).isNull();
        assertThat(as(olga, () -> sessions.findByGroup(group.id()))).allSatisfy(s -> assertThat(s.data().note()).isNull());
        assertThat(as(olga, () -> sessions.attendance(s1.id()))).isNotEmpty().allSatisfy(a -> {
            assertThat(a.member().data().displayName()).isNull();
            assertThat(a.member().data().endReason()).isNull();
        });
        assertThat(as(anna, () -> sessions.get(s1.id())).data().note()).isEqualTo("Leader's note about M3");
        assertThat(as(anna, () -> sessions.attendance(s1.id()))).anySatisfy(a -> assertThat(a.member().data().endReason()).isEqualTo("Reason only the leaders read"));
        s1 = noted;
        assertThatThrownBy(() -> as(olga, () -> ratings.recordMemberForms(s1.id(), "SESSION-ALLIANCE-4",
                List.of(new MemberForm(m2.id(), new double[] {9, 9, 9, 9}, null))))).isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
        assertThatThrownBy(() -> as(olga, () -> sessions.recordAttendance(s1.id(), s1.version(), Map.of())))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
        // not planned for observers
        assertThatThrownBy(() -> as(olga, () -> ratings.recordObserverRatings(s1.id(), "GROUP-ALLIANCE-3L",
                List.of(new LeaderForm(RatingTarget.wholeGroup(), new double[9], null)))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("instrument")).contains("not planned for observers"));
        // an observer who is not assigned does not see the group at all
        assertThatThrownBy(() -> as(otto, () -> ratings.recordObserverRatings(s1.id(), "GROUP-CLIMATE-12",
                List.of(new LeaderForm(RatingTarget.member(m1.id()), climate, null))))).isInstanceOf(org.groupalliance.base.NotFoundException.class);
        assertThatThrownBy(() -> as(otto, () -> sessions.get(s1.id()))).isInstanceOf(org.groupalliance.base.NotFoundException.class);
        assertThat(as(admin, () -> audit.search(new AuditQuery(olga.username(), AuditAction.CREATE, "Rating", null, null, 10)))).hasSize(1);

        as(anna, () -> groups.unassignObserver(group.id(), olga.created().id()));
        assertThatThrownBy(() -> as(olga, () -> ratings.forSession(s1.id()))).isInstanceOf(org.groupalliance.base.NotFoundException.class);
    }

    @Test
    void a_leader_rating_of_an_absent_member_is_refused_and_nobody_is_expected_before_attendance_is_taken() {
        double[] form = {5, 5, 5, NA, NA, NA, 5, 5, 5};
        assertThatThrownBy(() -> as(anna, () -> ratings.recordLeaderRating(s1.id(), "GROUP-ALLIANCE-3L", RatingTarget.member(m3.id()), form, null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get(m3.code()))
                        .isEqualTo(m3.code() + " was absent at session 1: absent members neither rate nor are rated for that session"));
        GroupSession s2 = as(anna, () -> sessions.create(group.id(), new SessionData(2, LocalDate.of(2026, 1, 13), null)));
        assertThatThrownBy(() -> as(anna, () -> ratings.recordMemberForms(s2.id(), "SESSION-ALLIANCE-4",
                List.of(new MemberForm(m1.id(), new double[] {9, 9, 9, 9}, null)))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get(m1.code()))
                        .isEqualTo(m1.code() + ": attendance has not been taken for session 2; record attendance first"));
        assertThatThrownBy(() -> as(anna, () -> ratings.recordLeaderRating(s2.id(), "GROUP-ALLIANCE-3L", RatingTarget.member(m1.id()), form, null)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get(m1.code())).contains("attendance has not been taken"));
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).isEmpty();
        assertThat(as(anna, () -> ratings.forSession(s2.id()))).isEmpty();
    }

    @Test
    void each_item_is_a_row_and_a_member_in_no_subgroup_gets_not_applicable_subgroup_items_not_missing_ones() {
        as(anna, () -> subgroups.create(group.id(), "Solo pair", Set.of(m1.id()), 1));
        List<Rating> saved = as(anna, () -> ratings.recordMemberForms(s1.id(), "GROUP-ALLIANCE-3L", List.of(
                new MemberForm(m1.id(), new double[] {6, 5, 7, 4, NA, 5, 3, 4, 4}, null),
                new MemberForm(m2.id(), new double[] {6, 5, 7, NA, NA, NA, 3, 4, 4}, null))));
        Rating inSubgroup = saved.stream().filter(r -> r.raterMember().equals(m1.id())).findFirst().orElseThrow();
        Rating alone = saved.stream().filter(r -> r.raterMember().equals(m2.id())).findFirst().orElseThrow();
        assertThat(inSubgroup.notApplicable()).isEmpty();
        assertThat(inSubgroup.missingItems()).isEqualTo(1);
        assertThat(alone.notApplicable()).containsExactlyInAnyOrder(4, 5, 6);
        assertThat(alone.missingItems()).isZero();
        // the mean over the six items that apply; the subgroup subscale has no score; Goals over items 1 and 7
        assertThat(alone.total()).isEqualTo(29 / 6.0);
        assertThat(alone.subscales().get("Subgroup")).isNaN();
        assertThat(alone.subscales()).containsEntry("Goals", 4.5);
        // one SQL query per question: the answer state of every item of every member's form
        var rows = dsl.fetch("SELECT r.rater_member_id, i.item_number, i.answer, i.item_value FROM rating r JOIN rating_item i ON i.rating_id = r.id"
                + " WHERE r.session_id = ? AND r.instrument_code = 'GROUP-ALLIANCE-3L' ORDER BY r.rater_member_id, i.item_number", s1.id().value());
        assertThat(rows).hasSize(18);
        assertThat(rows.stream().filter(r -> r.get(0, Long.class) == m2.id().value()).map(r -> r.get(2, String.class)).toList())
                .containsExactly("ANSWERED", "ANSWERED", "ANSWERED", "NOT_APPLICABLE", "NOT_APPLICABLE", "NOT_APPLICABLE", "ANSWERED", "ANSWERED", "ANSWERED");
        assertThat(rows.stream().filter(r -> r.get(0, Long.class) == m1.id().value()).map(r -> r.get(2, String.class)).toList())
                .containsExactly("ANSWERED", "ANSWERED", "ANSWERED", "ANSWERED", "MISSING", "ANSWERED", "ANSWERED", "ANSWERED", "ANSWERED");
        assertThat(dsl.fetchValue("SELECT COUNT(*) FROM rating_score s JOIN rating r ON r.id = s.rating_id WHERE r.session_id = ? AND s.score IS NULL",
                s1.id().value())).isEqualTo(1L);
        // a subgroup item answered for a member in no subgroup is refused, naming the item
        assertThatThrownBy(() -> as(anna, () -> ratings.recordMemberForms(s1.id(), "GROUP-ALLIANCE-3L", List.of(
                new MemberForm(m2.id(), new double[] {6, 5, 7, 4, NA, NA, 3, 4, 4}, alone.version())))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get(m2.code() + ".item4")).contains("does not apply"));
    }

    @Test
    void saving_a_sheet_again_writes_only_the_changed_forms_and_each_keeps_its_source() {
        List<Rating> first = as(anna, () -> ratings.recordMemberForms(s1.id(), "SESSION-ALLIANCE-4", List.of(
                new MemberForm(m1.id(), new double[] {9, 9, 9, 9}, null), new MemberForm(m2.id(), new double[] {8, 8, 8, 8}, null))));
        assertThat(first).allSatisfy(r -> assertThat(r.source()).isEqualTo(Rating.Source.PAPER));
        Rating r1 = first.stream().filter(r -> r.raterMember().equals(m1.id())).findFirst().orElseThrow();
        Rating r2 = first.stream().filter(r -> r.raterMember().equals(m2.id())).findFirst().orElseThrow();
        as(anna, () -> ratings.recordMemberForms(s1.id(), "SESSION-ALLIANCE-4", List.of(
                new MemberForm(m1.id(), new double[] {9, 9, 9, 9}, r1.version()), new MemberForm(m2.id(), new double[] {8, 8, 8, 7}, r2.version()))));
        List<Rating> now = as(anna, () -> ratings.forSession(s1.id()));
        assertThat(now).filteredOn(r -> r.raterMember().equals(m1.id())).singleElement().satisfies(r -> assertThat(r.version()).isEqualTo(r1.version()));
        assertThat(now).filteredOn(r -> r.raterMember().equals(m2.id())).singleElement().satisfies(r -> assertThat(r.version()).isEqualTo(r2.version() + 1));
        assertThat(as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.UPDATE, "Rating", null, null, 10)))).singleElement()
                .satisfies(e -> assertThat(e.after()).contains("\"source\":\"PAPER\"").contains("\"total\":31"));
        Rating leader = as(anna, () -> ratings.recordLeaderRating(s1.id(), "GROUP-ALLIANCE-3L", RatingTarget.wholeGroup(),
                new double[] {5, 5, 5, 5, 5, 5, 5, 5, 5}, null));
        assertThat(leader.source()).isEqualTo(Rating.Source.LEADER);
    }

    @Test
    void the_database_itself_refuses_rows_that_break_the_rules() {
        Actors actors = new Actors(applicationContext);
        var otherSite = actors.newSite();
        Account bea = actors.newUser(Role.FACILITATOR, otherSite);
        TestGroups.TestGroup other = TestGroups.closedGroup(applicationContext, bea, otherSite, "Other ", 1);
        long g = group.id().value();
        long s = s1.id().value();
        long m = m1.id().value();
        long u = anna.created().id().value();
        String columns = "INSERT INTO rating (group_id, session_id, instrument_code, instrument_version, rater_kind, rater_member_id, rater_user_id,"
                + " target_kind, target_member_id, target_subgroup_id, rating_key, total_score, missing_items, source, entered_by, version, created_at,"
                + " updated_at) VALUES ";
        String tail = ", NULL, 0, 'PAPER', 'sql', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)";
        // the rule-abiding row is accepted, so each refusal below is the rule's doing
        dsl.execute(columns + "(" + g + ", " + s + ", 'SESSION-ALLIANCE-4', 1, 'MEMBER', " + m + ", NULL, 'MEMBER', " + m + ", NULL, 'ok'" + tail);
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("an instrument version that does not exist",
                "(" + g + ", " + s + ", 'SESSION-ALLIANCE-4', 99, 'MEMBER', " + m + ", NULL, 'MEMBER', " + m + ", NULL, 'b1'" + tail);
        bad.put("a member rater with a user id instead of a member id",
                "(" + g + ", " + s + ", 'SESSION-ALLIANCE-4', 1, 'MEMBER', NULL, " + u + ", 'MEMBER', " + m + ", NULL, 'b2'" + tail);
        bad.put("a whole-group target naming a member",
                "(" + g + ", " + s + ", 'SESSION-ALLIANCE-4', 1, 'LEADER', NULL, " + u + ", 'WHOLE_GROUP', " + m + ", NULL, 'b3'" + tail);
        bad.put("a group other than its session's",
                "(" + other.group().id().value() + ", " + s + ", 'SESSION-ALLIANCE-4', 1, 'LEADER', NULL, " + u + ", 'WHOLE_GROUP', NULL, NULL, 'b4'" + tail);
        bad.put("a rating member of another group",
                "(" + g + ", " + s + ", 'SESSION-ALLIANCE-4', 1, 'MEMBER', " + other.member(1).id().value() + ", NULL, 'MEMBER', "
                        + other.member(1).id().value() + ", NULL, 'b5'" + tail);
        bad.forEach((rule, values) -> assertThatThrownBy(() -> dsl.execute(columns + values)).as(rule)
                .isInstanceOf(org.springframework.dao.DataAccessException.class));
        // a member whose site is not its group's
        assertThatThrownBy(() -> dsl.execute("INSERT INTO member (group_id, site_id, member_code, joined_session, end_status, version, created_at)"
                + " VALUES (" + g + ", " + otherSite.value() + ", 'X-SITE', 1, 'ONGOING', 0, CURRENT_TIMESTAMP)"))
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
        assertThat(dsl.fetchValue("SELECT COUNT(*) FROM rating WHERE entered_by = 'sql'")).isEqualTo(1L);
        dsl.execute("DELETE FROM rating WHERE entered_by = 'sql'");
    }

    @Test
    void planned_received_missing_and_unplanned_forms_are_counted_in_sql() {
        // session 1: members' forms from the two who attended (m3 was absent) for each of two instruments, and the leader's
        // three-level form for those two members and the whole group; session 2 (attendance not taken): only the whole group
        as(anna, () -> sessions.create(group.id(), new SessionData(2, LocalDate.of(2026, 1, 13), null)));
        as(anna, () -> ratings.recordMemberForms(s1.id(), "SESSION-ALLIANCE-4", List.of(new MemberForm(m1.id(), new double[] {9, 9, 9, 9}, null))));
        as(anna, () -> ratings.recordLeaderRating(s1.id(), "GROUP-ALLIANCE-3L", RatingTarget.wholeGroup(), new double[] {5, 5, 5, 5, 5, 5, 5, 5, 5}, null));
        ExpectedForms.Completeness c = as(anna, () -> expectedForms.completeness(group.id()));
        assertThat(c).isEqualTo(new ExpectedForms.Completeness(8, 2, 6, 0));
        assertThat(c.summary()).isEqualTo("2 of 8 planned forms received");
        assertThat(dsl.fetchValue("SELECT COUNT(*) FROM expected_form WHERE group_id = ? AND rater_kind = 'MEMBER' AND rater_member_id = ?",
                group.id().value(), m3.id().value())).as("the absent member is not expected").isEqualTo(0L);
        // a form stays stored when its instrument leaves the plan: it is then received but not planned
        int version = as(anna, () -> plans.plan(group.id())).stream().filter(e -> e.data().instrumentCode().equals("SESSION-ALLIANCE-4"))
                .findFirst().orElseThrow().version();
        as(anna, () -> plans.remove(group.id(), "SESSION-ALLIANCE-4", version));
        assertThat(as(anna, () -> expectedForms.completeness(group.id()))).isEqualTo(new ExpectedForms.Completeness(6, 1, 5, 1));
        assertThat(dsl.fetchValue("SELECT COUNT(*) FROM expected_form WHERE group_id = ?", group.id().value())).isEqualTo(6L);
    }

    @Test
    void stored_timestamps_come_from_the_one_injected_clock() {
        clock.advance(java.time.Duration.ofDays(400));
        try {
            as(anna, () -> ratings.recordMemberForms(s1.id(), "SESSION-ALLIANCE-4", List.of(new MemberForm(m1.id(), new double[] {9, 9, 9, 9}, null))));
            java.time.LocalDateTime expected = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusDays(400);
            assertThat(as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.CREATE, "Rating", null, null, 10)))).singleElement()
                    .satisfies(e -> assertThat(e.occurredAt()).isBetween(expected.minusMinutes(5), expected.plusMinutes(5)));
            assertThat(dsl.resultQuery("SELECT created_at FROM rating WHERE session_id = ?", s1.id().value()).fetchOne(0, java.time.LocalDateTime.class))
                    .isBetween(expected.minusMinutes(5), expected.plusMinutes(5));
        } finally {
            clock.reset();
        }
    }

    @Test
    void the_java_migration_that_splits_packed_responses_ran_in_the_application() {
        // Spring Boot hands the V7 bean to Flyway; without it V8 would drop the packed columns unread
        assertThat(dsl.fetchValue("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '7' AND success = TRUE")).isEqualTo(1L);
    }
}
