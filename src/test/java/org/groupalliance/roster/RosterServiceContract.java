package org.groupalliance.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.SiteId;
import org.groupalliance.base.ValidationException;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditEntry;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.AuditQuery;
import org.groupalliance.security.Role;
import org.groupalliance.security.SiteService;
import org.groupalliance.security.UserService;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * The roster's rules, run against each database engine by a subclass. Every "bad input" case of
 * the foundation issue is here, each asserting both the message and that nothing was stored.
 */
abstract class RosterServiceContract {

    @Autowired GroupService groups;
    @Autowired MemberService members;
    @Autowired SubgroupService subgroups;
    @Autowired SessionService sessions;
    @Autowired org.springframework.context.ApplicationContext applicationContext;
    @Autowired UserService users;
    @Autowired SiteService sites;
    @Autowired UserDetailsService details;
    @Autowired AuditLog audit;

    Actors actors;
    SiteId site;
    Account anna;
    Account ben;
    Account admin;

    @BeforeEach
    void setUp() {
        actors = new Actors(applicationContext);
        site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        ben = actors.newUser(Role.FACILITATOR, site);
        admin = actors.newUser(Role.ADMIN, null);
    }

    private GroupData groupData(String name, int planned, Account... leaders) {
        return new GroupData(site, name, Modality.CBT, GroupFormat.CLOSED, planned, LocalDate.of(2026, 1, 6),
                PhaseBoundaries.thirds(planned), java.util.Arrays.stream(leaders).map(a -> a.created().id()).collect(java.util.stream.Collectors.toSet()));
    }

    private Group annasGroup() {
        return as(anna, () -> groups.create(groupData(Actors.unique("Group "), 12, anna)));
    }

    private static MemberData member(String code, int joined, Integer left) {
        return new MemberData(code, "Name of " + code, joined, left, left == null ? EndStatus.ONGOING : EndStatus.DROPPED_OUT, null);
    }

    @Test
    void a_facilitator_sees_only_the_groups_they_lead() {
        Group g = annasGroup();
        assertThat(as(anna, () -> groups.findMyGroups())).extracting(GroupSummary::id).contains(g.id());
        assertThat(as(ben, () -> groups.findMyGroups())).extracting(GroupSummary::id).doesNotContain(g.id());
        assertThatThrownBy(() -> as(ben, () -> groups.get(g.id()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(ben, () -> members.add(g.id(), member("XX-01", 1, null)))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> as(ben, () -> sessions.findByGroup(g.id()))).isInstanceOf(NotFoundException.class);
        assertThat(as(admin, () -> groups.get(g.id())).name()).isEqualTo(g.name());
    }

    @Test
    void a_co_leader_added_later_gains_access() {
        Group g = annasGroup();
        GroupData withBen = new GroupData(g.data().siteId(), g.name(), g.data().modality(), g.data().format(), 12, g.data().startDate(),
                g.data().phases(), Set.of(anna.created().id(), ben.created().id()));
        as(anna, () -> groups.update(g.id(), g.version(), withBen));
        assertThat(as(ben, () -> groups.get(g.id())).leaders()).extracting(Leader::username).containsExactlyInAnyOrder(anna.username(), ben.username());
    }

    @Test
    void a_researcher_cannot_call_roster_services_at_all() {
        Group g = annasGroup();
        Account rita = actors.newUser(Role.RESEARCHER, site);
        assertThatThrownBy(() -> as(rita, () -> groups.findMyGroups())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(rita, () -> members.findByGroup(g.id()))).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void display_names_are_shown_only_to_the_groups_leaders() {
        Group g = annasGroup();
        as(anna, () -> members.add(g.id(), member(Actors.unique("N-").toUpperCase(), 1, null)));
        assertThat(as(anna, () -> members.findByGroup(g.id()))).allSatisfy(m -> assertThat(m.data().displayName()).startsWith("Name of"));
        assertThat(as(admin, () -> members.findByGroup(g.id()))).allSatisfy(m -> assertThat(m.data().displayName()).isNull());
    }

    @Test
    void an_admin_editing_a_member_keeps_the_display_name_they_cannot_see() {
        Group g = annasGroup();
        Member m = as(anna, () -> members.add(g.id(), member(Actors.unique("K-").toUpperCase(), 1, null)));
        Member seenByAdmin = as(admin, () -> members.get(m.id()));
        as(admin, () -> members.update(m.id(), seenByAdmin.version(), new MemberData(m.code(), null, 1, 3, EndStatus.DROPPED_OUT, "moved")));
        assertThat(as(anna, () -> members.get(m.id())).data().displayName()).isEqualTo(m.data().displayName());
    }

    @Test
    void duplicate_member_codes_within_a_site_are_refused_and_nothing_is_stored() {
        Group g = annasGroup();
        Group other = annasGroup();
        String code = Actors.unique("D-").toUpperCase();
        as(anna, () -> members.add(g.id(), member(code, 1, null)));
        assertThatThrownBy(() -> as(anna, () -> members.add(other.id(), member(code.toLowerCase(), 1, null))))
                .isInstanceOfSatisfying(ValidationException.class, e ->
                        assertThat(e.fieldErrors()).containsEntry("memberCode", "Member code " + code + " is already used at this site: codes must be unique within a site"));
        assertThat(as(anna, () -> members.findByGroup(other.id()))).isEmpty();
    }

    @Test
    void a_member_code_must_look_like_a_pseudonym() {
        Group g = annasGroup();
        assertThatThrownBy(() -> as(anna, () -> members.add(g.id(), member("Jane Smith", 1, null))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("memberCode"));
    }

    @Test
    void a_member_cannot_leave_before_joining() {
        Group g = annasGroup();
        assertThatThrownBy(() -> as(anna, () -> members.add(g.id(), member("LB-01", 5, 3))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsEntry("leftSession",
                        "A member cannot leave before joining: left at session must be at or after session 5"));
        assertThat(as(anna, () -> members.findByGroup(g.id()))).isEmpty();
    }

    @Test
    void a_session_number_used_twice_is_refused() {
        Group g = annasGroup();
        as(anna, () -> sessions.create(g.id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
        assertThatThrownBy(() -> as(anna, () -> sessions.create(g.id(), new SessionData(1, LocalDate.of(2026, 1, 13), "again"))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsEntry("sessionNumber",
                        "Session 1 already exists in this group: session numbers must be unique"));
        assertThat(as(anna, () -> sessions.findByGroup(g.id()))).hasSize(1);
    }

    @Test
    void sessions_get_their_phase_from_the_groups_boundaries() {
        Group g = annasGroup();
        as(anna, () -> sessions.create(g.id(), new SessionData(4, LocalDate.of(2026, 2, 1), null)));
        as(anna, () -> sessions.create(g.id(), new SessionData(5, LocalDate.of(2026, 2, 8), null)));
        as(anna, () -> sessions.create(g.id(), new SessionData(9, LocalDate.of(2026, 3, 8), null)));
        assertThat(as(anna, () -> sessions.findByGroup(g.id()))).extracting(GroupSession::phase)
                .containsExactly(Phase.EARLY, Phase.MIDDLE, Phase.LATE);
    }

    @Test
    void overlapping_phase_boundaries_are_refused_with_the_rule_named() {
        GroupData bad = new GroupData(site, "Overlap", Modality.CBT, GroupFormat.CLOSED, 12, LocalDate.of(2026, 1, 6),
                new PhaseBoundaries(1, 5, 4, 8, 9, 12), Set.of(anna.created().id()));
        assertThatThrownBy(() -> as(anna, () -> groups.create(bad)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsEntry("middleFrom",
                        "Phases must not overlap: the middle phase must start at session 6, right after the early phase"));
    }

    @Test
    void out_of_order_gapped_and_short_phase_boundaries_are_refused() {
        GroupData outOfOrder = new GroupData(site, "Order", Modality.CBT, GroupFormat.CLOSED, 12, LocalDate.of(2026, 1, 6),
                new PhaseBoundaries(1, 4, 5, 3, 4, 12), Set.of(anna.created().id()));
        assertThatThrownBy(() -> as(anna, () -> groups.create(outOfOrder)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("middleTo"));
        GroupData gap = new GroupData(site, "Gap", Modality.CBT, GroupFormat.CLOSED, 12, LocalDate.of(2026, 1, 6),
                new PhaseBoundaries(1, 4, 6, 8, 9, 12), Set.of(anna.created().id()));
        assertThatThrownBy(() -> as(anna, () -> groups.create(gap)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("middleFrom")).startsWith("Phases must be contiguous"));
        GroupData shortLate = new GroupData(site, "Short", Modality.CBT, GroupFormat.CLOSED, 12, LocalDate.of(2026, 1, 6),
                new PhaseBoundaries(1, 4, 5, 8, 9, 10), Set.of(anna.created().id()));
        assertThatThrownBy(() -> as(anna, () -> groups.create(shortLate)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsEntry("lateTo",
                        "The late phase must end at the last planned session (12)"));
        assertThat(as(anna, () -> groups.findMyGroups())).isEmpty();
    }

    @Test
    void attendance_for_someone_not_in_the_group_at_that_session_is_refused_and_nothing_is_stored() {
        Group g = annasGroup();
        Member early = as(anna, () -> members.add(g.id(), member("AT-01", 1, null)));
        Member late = as(anna, () -> members.add(g.id(), member("AT-02", 3, null)));
        GroupSession s1 = as(anna, () -> sessions.create(g.id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
        assertThat(as(anna, () -> sessions.attendance(s1.id()))).extracting(r -> r.member().code()).containsExactly("AT-01");
        assertThatThrownBy(() -> as(anna, () -> sessions.recordAttendance(s1.id(), s1.version(),
                Map.of(early.id(), AttendanceStatus.PRESENT, late.id(), AttendanceStatus.PRESENT))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("attendance"))
                        .contains("AT-02 (member from session 3)"));
        assertThat(as(anna, () -> sessions.attendance(s1.id()))).allSatisfy(r -> assertThat(r.status()).isNull());
    }

    @Test
    void attendance_for_a_member_of_another_group_is_refused() {
        Group g = annasGroup();
        Group other = annasGroup();
        Member stranger = as(anna, () -> members.add(other.id(), member("ST-01", 1, null)));
        GroupSession s1 = as(anna, () -> sessions.create(g.id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
        assertThatThrownBy(() -> as(anna, () -> sessions.recordAttendance(s1.id(), s1.version(), Map.of(stranger.id(), AttendanceStatus.PRESENT))))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void attendance_is_saved_and_audited_with_before_and_after() {
        Group g = annasGroup();
        Member m1 = as(anna, () -> members.add(g.id(), member("AU-01", 1, null)));
        Member m2 = as(anna, () -> members.add(g.id(), member("AU-02", 1, null)));
        GroupSession s = as(anna, () -> sessions.create(g.id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
        GroupSession after1 = as(anna, () -> sessions.recordAttendance(s.id(), s.version(), Map.of(m1.id(), AttendanceStatus.PRESENT, m2.id(), AttendanceStatus.ABSENT)));
        as(anna, () -> sessions.recordAttendance(s.id(), after1.version(), Map.of(m1.id(), AttendanceStatus.PRESENT, m2.id(), AttendanceStatus.LATE)));
        assertThat(as(anna, () -> sessions.attendance(s.id()))).extracting(AttendanceRow::status).containsExactly(AttendanceStatus.PRESENT, AttendanceStatus.LATE);
        List<AuditEntry> entries = as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.UPDATE, "Attendance", null, null, 10)));
        assertThat(entries).first().satisfies(e -> {
            assertThat(e.before()).isEqualTo("{\"AU-01\":\"PRESENT\",\"AU-02\":\"ABSENT\"}");
            assertThat(e.after()).isEqualTo("{\"AU-01\":\"PRESENT\",\"AU-02\":\"LATE\"}");
        });
    }

    @Test
    void a_subgroup_member_who_is_not_in_the_group_is_refused() {
        Group g = annasGroup();
        Group other = annasGroup();
        Member mine = as(anna, () -> members.add(g.id(), member("SG-01", 1, null)));
        Member stranger = as(anna, () -> members.add(other.id(), member("SG-02", 1, null)));
        Member laterJoiner = as(anna, () -> members.add(g.id(), member("SG-03", 6, null)));
        assertThatThrownBy(() -> as(anna, () -> subgroups.create(g.id(), "Pair", Set.of(mine.id(), stranger.id()), 1)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsEntry("members",
                        "A subgroup can only contain members of this group"));
        assertThatThrownBy(() -> as(anna, () -> subgroups.create(g.id(), "Pair", Set.of(mine.id(), laterJoiner.id()), 2)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("members"))
                        .isEqualTo("Member SG-03 is not in the group at session 2 (member from session 6)"));
        assertThat(as(anna, () -> subgroups.findByGroup(g.id()))).isEmpty();
    }

    @Test
    void subgroup_membership_changes_from_a_given_session_on() {
        Group g = annasGroup();
        Member a = as(anna, () -> members.add(g.id(), member("SM-01", 1, null)));
        Member b = as(anna, () -> members.add(g.id(), member("SM-02", 1, null)));
        Member c = as(anna, () -> members.add(g.id(), member("SM-03", 1, null)));
        Subgroup s = as(anna, () -> subgroups.create(g.id(), "Newcomers", Set.of(a.id(), b.id()), 1));
        Subgroup changed = as(anna, () -> subgroups.update(s.id(), s.version(), "Newcomers", Set.of(b.id(), c.id()), 5));
        assertThat(changed.membersAt(4)).extracting(SubgroupMembership::memberCode).containsExactlyInAnyOrder("SM-01", "SM-02");
        assertThat(changed.membersAt(5)).extracting(SubgroupMembership::memberCode).containsExactlyInAnyOrder("SM-02", "SM-03");
        assertThat(changed.memberships()).filteredOn(m -> m.memberCode().equals("SM-01")).singleElement()
                .satisfies(m -> assertThat(m.validTo()).isEqualTo(4));
    }

    @Test
    void two_leaders_editing_the_same_group_the_second_save_is_refused_and_the_first_kept() {
        Group g = as(anna, () -> groups.create(groupData(Actors.unique("Co-led "), 12, anna, ben)));
        Group seenByAnna = as(anna, () -> groups.get(g.id()));
        Group seenByBen = as(ben, () -> groups.get(g.id()));
        GroupData annasEdit = new GroupData(site, "Renamed by Anna", Modality.CBT, GroupFormat.CLOSED, 12, g.data().startDate(), g.data().phases(), g.data().leaderIds());
        GroupData bensEdit = new GroupData(site, "Renamed by Ben", Modality.CBT, GroupFormat.OPEN, 12, g.data().startDate(), g.data().phases(), g.data().leaderIds());
        as(anna, () -> groups.update(g.id(), seenByAnna.version(), annasEdit));
        assertThatThrownBy(() -> as(ben, () -> groups.update(g.id(), seenByBen.version(), bensEdit)))
                .isInstanceOf(ConcurrentEditException.class).hasMessageContaining("changed by someone else");
        Group now = as(ben, () -> groups.get(g.id()));
        assertThat(now.name()).isEqualTo("Renamed by Anna");
        assertThat(now.data().format()).isEqualTo(GroupFormat.CLOSED);
    }

    @Test
    void concurrent_attendance_saves_do_not_silently_overwrite() {
        Group g = annasGroup();
        Member m = as(anna, () -> members.add(g.id(), member("CA-01", 1, null)));
        GroupSession s = as(anna, () -> sessions.create(g.id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
        as(anna, () -> sessions.recordAttendance(s.id(), s.version(), Map.of(m.id(), AttendanceStatus.PRESENT)));
        assertThatThrownBy(() -> as(anna, () -> sessions.recordAttendance(s.id(), s.version(), Map.of(m.id(), AttendanceStatus.ABSENT))))
                .isInstanceOf(ConcurrentEditException.class);
        assertThat(as(anna, () -> sessions.attendance(s.id()))).extracting(AttendanceRow::status).containsExactly(AttendanceStatus.PRESENT);
    }

    @Test
    void planned_sessions_cannot_shrink_below_recorded_sessions() {
        Group g = annasGroup();
        as(anna, () -> sessions.create(g.id(), new SessionData(10, LocalDate.of(2026, 3, 10), null)));
        GroupData fewer = new GroupData(site, g.name(), Modality.CBT, GroupFormat.CLOSED, 9, g.data().startDate(), PhaseBoundaries.thirds(9), g.data().leaderIds());
        assertThatThrownBy(() -> as(anna, () -> groups.update(g.id(), g.version(), fewer)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("plannedSessions")).contains("Session 10"));
    }

    @Test
    void every_roster_change_is_audited_with_redacted_names() {
        Group g = annasGroup();
        Member m = as(anna, () -> members.add(g.id(), member("AD-01", 1, null)));
        as(anna, () -> members.update(m.id(), m.version(), new MemberData("AD-01", "Another name", 1, 2, EndStatus.DROPPED_OUT, "moved")));
        List<AuditEntry> entries = as(admin, () -> audit.search(new AuditQuery(anna.username(), null, null, null, null, 50)));
        assertThat(entries).extracting(AuditEntry::action, AuditEntry::entityType)
                .contains(org.assertj.core.groups.Tuple.tuple("CREATE", "Group"), org.assertj.core.groups.Tuple.tuple("CREATE", "Member"),
                        org.assertj.core.groups.Tuple.tuple("UPDATE", "Member"));
        AuditEntry update = entries.stream().filter(e -> e.action().equals("UPDATE") && e.entityType().equals("Member")).findFirst().orElseThrow();
        assertThat(update.before()).contains("\"endStatus\":\"ONGOING\"").contains("\"displayName\":\"[redacted]\"").doesNotContain("Name of");
        assertThat(update.after()).contains("\"endStatus\":\"DROPPED_OUT\"").doesNotContain("Another name");
        assertThat(update.groupId()).isEqualTo(g.id().value());
    }

    @Test
    void a_session_keeps_its_phase_when_the_boundaries_change_unless_the_leader_confirms_the_listed_changes() {
        Group g = annasGroup(); // thirds of 12: 1-4, 5-8, 9-12
        as(anna, () -> sessions.create(g.id(), new SessionData(4, LocalDate.of(2026, 2, 1), null)));
        as(anna, () -> sessions.create(g.id(), new SessionData(5, LocalDate.of(2026, 2, 8), null)));
        GroupData moved = new GroupData(site, g.name(), Modality.CBT, GroupFormat.CLOSED, 12, LocalDate.of(2026, 1, 6),
                new PhaseBoundaries(1, 5, 6, 9, 10, 12), Set.of(anna.created().id()));
        assertThat(as(anna, () -> groups.phaseChanges(g.id(), moved.phases()))).singleElement().satisfies(c -> {
            assertThat(c.sessionNumber()).isEqualTo(5);
            assertThat(c.from()).isEqualTo(Phase.MIDDLE);
            assertThat(c.to()).isEqualTo(Phase.EARLY);
        });
        // saved without confirming: past sessions keep their phase, new sessions follow the new boundaries
        as(anna, () -> groups.update(g.id(), g.version(), moved));
        as(anna, () -> sessions.create(g.id(), new SessionData(9, LocalDate.of(2026, 3, 8), null)));
        assertThat(as(anna, () -> sessions.findByGroup(g.id()))).extracting(GroupSession::phase)
                .containsExactly(Phase.EARLY, Phase.MIDDLE, Phase.MIDDLE);
        // confirmed: the listed session is re-assigned, audited with before and after
        assertThat(as(anna, () -> groups.reassignPhases(g.id()))).hasSize(1);
        assertThat(as(anna, () -> sessions.findByGroup(g.id()))).extracting(GroupSession::phase)
                .containsExactly(Phase.EARLY, Phase.EARLY, Phase.MIDDLE);
        assertThat(as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.UPDATE, "SessionPhase", null, null, 10)))).singleElement()
                .satisfies(e -> {
                    assertThat(e.before()).isEqualTo("{\"session 5\":\"MIDDLE\"}");
                    assertThat(e.after()).isEqualTo("{\"session 5\":\"EARLY\"}");
                });
    }

    @Test
    void sessions_dated_out_of_order_or_years_ahead_are_refused_with_a_message() {
        Group g = annasGroup();
        as(anna, () -> sessions.create(g.id(), new SessionData(1, LocalDate.of(2026, 1, 13), null)));
        as(anna, () -> sessions.create(g.id(), new SessionData(3, LocalDate.of(2026, 1, 27), null)));
        assertThatThrownBy(() -> as(anna, () -> sessions.create(g.id(), new SessionData(2, LocalDate.of(2026, 1, 10), null))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsEntry("date", "Session 2 cannot be dated before session 1 (2026-01-13)"));
        assertThatThrownBy(() -> as(anna, () -> sessions.create(g.id(), new SessionData(2, LocalDate.of(2026, 2, 3), null))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsEntry("date", "Session 2 cannot be dated after session 3 (2026-01-27)"));
        assertThatThrownBy(() -> as(anna, () -> sessions.create(g.id(), new SessionData(4, LocalDate.of(2099, 1, 6), null))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("date")).contains("more than a year ahead"));
        // the same day as the neighbouring session is allowed (two sessions on one day)
        as(anna, () -> sessions.create(g.id(), new SessionData(2, LocalDate.of(2026, 1, 27), null)));
        assertThat(as(anna, () -> sessions.findByGroup(g.id()))).hasSize(3);
    }

    @Test
    void a_member_is_in_one_subgroup_at_a_time_and_a_second_one_is_refused_naming_both() {
        Group g = annasGroup();
        Member a = as(anna, () -> members.add(g.id(), member("SG-01", 1, null)));
        Member b = as(anna, () -> members.add(g.id(), member("SG-02", 1, null)));
        Subgroup panic = as(anna, () -> subgroups.create(g.id(), "Panic focus", Set.of(a.id()), 1));
        assertThatThrownBy(() -> as(anna, () -> subgroups.create(g.id(), "Social pair", Set.of(a.id(), b.id()), 3)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsEntry("members",
                        "SG-01 is in subgroup 'Panic focus' from session 1, so cannot also be in 'Social pair' from session 3: a member is in one"
                                + " subgroup at a time. Take SG-01 out of 'Panic focus' from session 3 first."));
        assertThat(as(anna, () -> subgroups.findByGroup(g.id()))).hasSize(1);
        // moving is two steps: leave the first subgroup from session 3, then join the other from session 3
        as(anna, () -> subgroups.update(panic.id(), panic.version(), "Panic focus", Set.of(b.id()), 3));
        Subgroup social = as(anna, () -> subgroups.create(g.id(), "Social pair", Set.of(a.id()), 3));
        assertThat(social.membersAt(3)).extracting(m -> m.memberCode()).containsExactly("SG-01");
        // and every session has each member in at most one subgroup
        for (int n = 1; n <= 12; n++) {
            int session = n;
            assertThat(as(anna, () -> subgroups.findByGroup(g.id())).stream().flatMap(sg -> sg.membersAt(session).stream())
                    .map(m -> m.memberId()).toList()).doesNotHaveDuplicates();
        }
    }
}
