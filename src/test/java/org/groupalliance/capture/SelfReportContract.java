package org.groupalliance.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.groupalliance.support.Actors.as;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.ValidationException;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.AuditQuery;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.TestGroups;
import org.groupalliance.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;

/** Members' self-report on their own phones, on each database engine. Member-side calls run with nobody signed in. */
abstract class SelfReportContract {

    @Autowired ApplicationContext applicationContext;
    @Autowired SelfReportService selfReport;
    @Autowired SelfReportMemberService memberSide;
    @Autowired RatingService ratings;
    @Autowired MeasurementPlanService plans;
    @Autowired GroupService groups;
    @Autowired SessionService sessions;
    @Autowired AuditLog audit;
    @Autowired TestClock clock;
    Account anna;
    Account ben;
    Account admin;
    Group group;
    Member m1;
    Member m2;
    Member m3;
    GroupSession s1;

    @BeforeEach
    void setUp() {
        // Spring's test listener puts a mock request from 127.0.0.1 in every test; the per-address
        // limit would then add up over all tests. Tests that need an address set their own.
        org.springframework.web.context.request.RequestContextHolder.resetRequestAttributes();
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        ben = actors.newUser(Role.FACILITATOR, site);
        admin = actors.newUser(Role.ADMIN, null);
        TestGroups.TestGroup g = TestGroups.closedGroup(applicationContext, anna, site, "Self-report group ", 3);
        group = g.group();
        m1 = g.member(1);
        m2 = g.member(2);
        m3 = g.member(3);
        GroupSession created = as(anna, () -> sessions.create(group.id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
        s1 = as(anna, () -> sessions.recordAttendance(created.id(), created.version(),
                Map.of(m1.id(), AttendanceStatus.PRESENT, m2.id(), AttendanceStatus.LATE, m3.id(), AttendanceStatus.ABSENT)));
        as(anna, () -> plans.save(group.id(), new PlanEntryData("SESSION-ALLIANCE-4", Set.of(Rater.MEMBER), Schedule.everySession(), false, false,
                List.of()), null));
        as(anna, () -> plans.save(group.id(), new PlanEntryData("GROUP-CLIMATE-12", Set.of(Rater.MEMBER), Schedule.everySession(), false, false,
                List.of()), null));
        SecurityContextHolder.clearContext();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private SelfReport.Pass passOf(SelfReport.Opened opened, Member m) {
        return opened.passes().stream().filter(x -> x.member().equals(m.id())).findFirst().orElseThrow();
    }

    @Test
    void present_members_get_passes_and_submit_anonymously_and_the_leader_sees_the_scores() {
        SelfReport.Opened opened = as(anna, () -> selfReport.open(s1.id(), 24));
        // absent members get no pass
        assertThat(opened.passes()).extracting(SelfReport.Pass::memberCode).containsExactlyInAnyOrder(m1.code(), m2.code());
        assertThat(opened.passes()).allSatisfy(x -> {
            assertThat(x.pin()).matches("\\d{6}");
            assertThat(x.linkToken()).hasSizeGreaterThanOrEqualTo(22);
        });

        SelfReport.Ticket t1 = memberSide.enterWithLink(opened.accessKey(), passOf(opened, m1).linkToken());
        SelfReport.Ticket t2 = memberSide.enterWithPin(opened.accessKey(), m2.code().toLowerCase(), passOf(opened, m2).pin());
        assertThat(t1.member()).isEqualTo(m1.id());
        assertThat(t2.member()).isEqualTo(m2.id());
        assertThat(memberSide.forms(t1)).extracting(f -> f.definition().code()).containsExactly("GROUP-CLIMATE-12", "SESSION-ALLIANCE-4");

        // nothing is visible to the leader before the member sends it
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).isEmpty();
        double[] blank = new double[12];
        java.util.Arrays.fill(blank, Double.NaN);
        memberSide.submit(t1, Map.of("SESSION-ALLIANCE-4", new double[] {9.5, 8.7, 9.1, 9.9}, "GROUP-CLIMATE-12", blank));
        List<Rating> stored = as(anna, () -> ratings.forSession(s1.id()));
        // the blank climate form is not stored
        assertThat(stored).singleElement().satisfies(r -> {
            assertThat(r.raterMember()).isEqualTo(m1.id());
            assertThat(r.total()).isEqualTo(37.2);
            assertThat(r.enteredBy()).isEqualTo("member " + m1.code() + " (self-report)");
        });
        assertThat(as(anna, () -> selfReport.status(s1.id()))).hasValueSatisfying(st -> {
            assertThat(st.open()).isTrue();
            assertThat(st.members()).anySatisfy(ms -> {
                assertThat(ms.memberCode()).isEqualTo(m1.code());
                assertThat(ms.submittedAt()).isNotNull();
            }).anySatisfy(ms -> {
                assertThat(ms.memberCode()).isEqualTo(m2.code());
                assertThat(ms.submittedAt()).isNull();
            });
        });
    }

    @Test
    void a_second_submission_replaces_the_first_with_an_audit_entry_and_shows_only_own_answers() {
        SelfReport.Opened opened = as(anna, () -> selfReport.open(s1.id(), 24));
        SelfReport.Ticket t1 = memberSide.enterWithLink(opened.accessKey(), passOf(opened, m1).linkToken());
        SelfReport.Ticket t2 = memberSide.enterWithLink(opened.accessKey(), passOf(opened, m2).linkToken());
        memberSide.submit(t2, Map.of("SESSION-ALLIANCE-4", new double[] {2, 2, 2, 2}));
        memberSide.submit(t1, Map.of("SESSION-ALLIANCE-4", new double[] {9, 9, 9, 9}));
        // m1 sees their own earlier answers, never m2's
        assertThat(memberSide.forms(t1)).filteredOn(f -> f.definition().code().equals("SESSION-ALLIANCE-4")).singleElement()
                .satisfies(f -> assertThat(f.previous()).containsExactly(9.0, 9.0, 9.0, 9.0));
        memberSide.submit(t1, Map.of("SESSION-ALLIANCE-4", new double[] {6, 7, 8, 9}));
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).filteredOn(r -> r.raterMember().equals(m1.id())).singleElement()
                .satisfies(r -> assertThat(r.total()).isEqualTo(30));
        assertThat(as(admin, () -> audit.search(new AuditQuery("member " + m1.code() + " (self-report)", AuditAction.UPDATE, "Rating", null, null, 10))))
                .singleElement().satisfies(e -> {
                    assertThat(e.before()).contains("\"total\":36");
                    assertThat(e.after()).contains("\"total\":30");
                });
    }

    @Test
    void out_of_range_answers_store_nothing_of_any_form() {
        SelfReport.Opened opened = as(anna, () -> selfReport.open(s1.id(), 24));
        SelfReport.Ticket t1 = memberSide.enterWithLink(opened.accessKey(), passOf(opened, m1).linkToken());
        double[] climate = new double[12];
        assertThatThrownBy(() -> memberSide.submit(t1, Map.of("GROUP-CLIMATE-12", climate, "SESSION-ALLIANCE-4", new double[] {9, 10.5, 9, 9})))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("SESSION-ALLIANCE-4.item2"))
                        .contains("10.5 is outside the allowed range 0 to 10"));
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).isEmpty();
        assertThat(as(anna, () -> selfReport.status(s1.id())).orElseThrow().members()).allSatisfy(ms -> assertThat(ms.submittedAt()).isNull());
    }

    @Test
    void links_and_pins_are_refused_after_expiry_and_after_closing() {
        SelfReport.Opened opened = as(anna, () -> selfReport.open(s1.id(), 24));
        String link = passOf(opened, m1).linkToken();
        SelfReport.Ticket t1 = memberSide.enterWithLink(opened.accessKey(), link);
        memberSide.submit(t1, Map.of("SESSION-ALLIANCE-4", new double[] {9, 9, 9, 9}));
        clock.advance(Duration.ofHours(23).plusMinutes(59));
        memberSide.enterWithLink(opened.accessKey(), link);
        clock.advance(Duration.ofMinutes(2));
        assertThatThrownBy(() -> memberSide.enterWithLink(opened.accessKey(), link)).isInstanceOf(SelfReport.Refused.class)
                .hasMessageContaining("not valid any more");
        assertThatThrownBy(() -> memberSide.enterWithPin(opened.accessKey(), m2.code(), passOf(opened, m2).pin())).isInstanceOf(SelfReport.Refused.class);
        // a ticket taken before expiry cannot submit after it
        assertThatThrownBy(() -> memberSide.submit(t1, Map.of("SESSION-ALLIANCE-4", new double[] {1, 1, 1, 1}))).isInstanceOf(SelfReport.Refused.class);
        assertThat(as(anna, () -> ratings.forSession(s1.id()))).singleElement().satisfies(r -> assertThat(r.total()).isEqualTo(36));
        assertThat(as(anna, () -> selfReport.status(s1.id()))).hasValueSatisfying(st -> assertThat(st.open()).isFalse());

        clock.reset();
        SelfReport.Opened again = as(anna, () -> selfReport.open(s1.id(), 2));
        SelfReport.Ticket t2 = memberSide.enterWithLink(again.accessKey(), passOf(again, m2).linkToken());
        as(anna, () -> selfReport.close(s1.id()));
        assertThatThrownBy(() -> memberSide.forms(t2)).isInstanceOf(SelfReport.Refused.class);
        assertThatThrownBy(() -> memberSide.enterWithLink(again.accessKey(), passOf(again, m2).linkToken())).isInstanceOf(SelfReport.Refused.class);
        // the first window's links stay dead too
        assertThatThrownBy(() -> memberSide.enterWithLink(opened.accessKey(), link)).isInstanceOf(SelfReport.Refused.class);
    }

    @Test
    void five_wrong_pins_lock_the_pass_until_the_leader_issues_a_new_one() {
        SelfReport.Opened opened = as(anna, () -> selfReport.open(s1.id(), 24));
        String right = passOf(opened, m1).pin();
        String wrong = right.equals("000000") ? "111111" : "000000";
        for (int i = 1; i <= 4; i++) {
            assertThatThrownBy(() -> memberSide.enterWithPin(opened.accessKey(), m1.code(), wrong)).hasMessageContaining("not right");
        }
        assertThatThrownBy(() -> memberSide.enterWithPin(opened.accessKey(), m1.code(), wrong)).hasMessageContaining("Too many wrong PINs");
        assertThatThrownBy(() -> memberSide.enterWithPin(opened.accessKey(), m1.code(), right)).hasMessageContaining("Too many wrong PINs");
        // an unknown code gets the same words as a wrong PIN
        assertThatThrownBy(() -> memberSide.enterWithPin(opened.accessKey(), "NOBODY", right)).hasMessageContaining("not right");
        assertThat(as(anna, () -> selfReport.status(s1.id())).orElseThrow().members())
                .hasSize(2).allSatisfy(ms -> assertThat(ms.locked()).isEqualTo(ms.memberCode().equals(m1.code())));
        // the wrong PINs and the lock-out are audited
        assertThat(as(admin, () -> audit.search(new AuditQuery(null, AuditAction.LOGIN_FAILED, "SelfReportPass", null, null, 50))))
                .filteredOn(e -> e.summary().contains(m1.code())).hasSize(5);
        assertThat(as(admin, () -> audit.search(new AuditQuery(null, AuditAction.LOGIN_LOCKED, "SelfReportPass", null, null, 50))))
                .filteredOn(e -> e.summary().contains(m1.code())).hasSize(1);

        SelfReport.Pass renewed = as(anna, () -> selfReport.renewPass(s1.id(), m1.id()));
        assertThat(memberSide.enterWithPin(opened.accessKey(), m1.code(), renewed.pin()).member()).isEqualTo(m1.id());
        // the old personal link stopped working with the renewal
        assertThatThrownBy(() -> memberSide.enterWithLink(opened.accessKey(), passOf(opened, m1).linkToken())).isInstanceOf(SelfReport.Refused.class);
    }

    @Test
    void a_successful_submission_does_not_reset_the_wrong_pin_count() {
        SelfReport.Opened opened = as(anna, () -> selfReport.open(s1.id(), 24));
        String right = passOf(opened, m1).pin();
        String wrong = right.equals("000000") ? "111111" : "000000";
        for (int i = 1; i <= 3; i++) {
            assertThatThrownBy(() -> memberSide.enterWithPin(opened.accessKey(), m1.code(), wrong)).hasMessageContaining("not right");
        }
        SelfReport.Ticket t = memberSide.enterWithPin(opened.accessKey(), m1.code(), right);
        memberSide.submit(t, Map.of("SESSION-ALLIANCE-4", new double[] {5, 6, 7, 8}));
        assertThatThrownBy(() -> memberSide.enterWithPin(opened.accessKey(), m1.code(), wrong)).hasMessageContaining("not right");
        assertThatThrownBy(() -> memberSide.enterWithPin(opened.accessKey(), m1.code(), wrong)).hasMessageContaining("Too many wrong PINs");
    }

    @Test
    void wrong_pins_from_one_client_address_are_limited_across_members() {
        SelfReport.Opened opened = as(anna, () -> selfReport.open(s1.id(), 24));
        String wrong1 = passOf(opened, m1).pin().equals("000000") ? "111111" : "000000";
        String wrong2 = passOf(opened, m2).pin().equals("000000") ? "111111" : "000000";
        fromAddress("192.0.2.10", () -> {
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> memberSide.enterWithPin(opened.accessKey(), m1.code(), wrong1)).hasMessageContaining("not right");
            }
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> memberSide.enterWithPin(opened.accessKey(), m2.code(), wrong2)).isInstanceOf(SelfReport.Refused.class);
            }
            // the test profile allows 6 wrong PINs per address: now even the right PIN is refused from there
            assertThatThrownBy(() -> memberSide.enterWithPin(opened.accessKey(), m2.code(), passOf(opened, m2).pin()))
                    .hasMessageContaining("from this network");
        });
        // another address is not affected
        fromAddress("192.0.2.20", () -> assertThat(memberSide.enterWithPin(opened.accessKey(), m2.code(), passOf(opened, m2).pin()).member())
                .isEqualTo(m2.id()));
    }

    @Test
    void wrong_pins_for_one_window_are_limited_but_personal_links_still_work() {
        SelfReport.Opened opened = as(anna, () -> selfReport.open(s1.id(), 24));
        // the test profile allows 12 wrong entries per window; unknown member codes count
        for (int i = 0; i < 12; i++) {
            String code = "NOBODY" + i;
            assertThatThrownBy(() -> memberSide.enterWithPin(opened.accessKey(), code, "123456")).hasMessageContaining("not right");
        }
        assertThatThrownBy(() -> memberSide.enterWithPin(opened.accessKey(), m1.code(), passOf(opened, m1).pin()))
                .hasMessageContaining("personal link");
        assertThat(memberSide.enterWithLink(opened.accessKey(), passOf(opened, m1).linkToken()).member()).isEqualTo(m1.id());
    }

    static void fromAddress(String address, Runnable work) {
        org.springframework.mock.web.MockHttpServletRequest request = new org.springframework.mock.web.MockHttpServletRequest();
        request.setRemoteAddr(address);
        org.springframework.web.context.request.RequestContextHolder.setRequestAttributes(
                new org.springframework.web.context.request.ServletRequestAttributes(request));
        try {
            work.run();
        } finally {
            org.springframework.web.context.request.RequestContextHolder.resetRequestAttributes();
        }
    }

    @Test
    void a_member_marked_present_after_opening_gets_a_pin_without_reopening() {
        SelfReport.Opened opened = as(anna, () -> selfReport.open(s1.id(), 24));
        assertThatThrownBy(() -> as(anna, () -> selfReport.renewPass(s1.id(), m3.id())))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("member")).contains("present"));
        GroupSession current = as(anna, () -> sessions.get(s1.id()));
        as(anna, () -> sessions.recordAttendance(s1.id(), current.version(),
                Map.of(m1.id(), AttendanceStatus.PRESENT, m2.id(), AttendanceStatus.LATE, m3.id(), AttendanceStatus.LATE)));
        assertThat(as(anna, () -> selfReport.status(s1.id())).orElseThrow().members())
                .anySatisfy(ms -> {
                    assertThat(ms.memberCode()).isEqualTo(m3.code());
                    assertThat(ms.hasPass()).isFalse();
                });
        SelfReport.Pass late = as(anna, () -> selfReport.renewPass(s1.id(), m3.id()));
        SelfReport.Ticket t3 = memberSide.enterWithLink(opened.accessKey(), late.linkToken());
        memberSide.submit(t3, Map.of("SESSION-ALLIANCE-4", new double[] {5, 5, 5, 5}));
        // the others' passes still work
        assertThat(memberSide.enterWithLink(opened.accessKey(), passOf(opened, m1).linkToken()).member()).isEqualTo(m1.id());
        assertThat(as(anna, () -> selfReport.status(s1.id())).orElseThrow().members()).allSatisfy(ms -> assertThat(ms.hasPass()).isTrue());
    }

    @Test
    void only_the_groups_leaders_open_self_report_and_only_for_planned_present_members() {
        assertThatThrownBy(() -> as(ben, () -> selfReport.open(s1.id(), 24))).isInstanceOf(org.groupalliance.base.NotFoundException.class);
        assertThatThrownBy(() -> as(anna, () -> selfReport.open(s1.id(), 0)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("hours"));
        assertThatThrownBy(() -> selfReport.open(s1.id(), 24)).isInstanceOfAny(AccessDeniedException.class, AuthenticationException.class);
        GroupSession s2 = as(anna, () -> sessions.create(group.id(), new SessionData(2, LocalDate.of(2026, 1, 13), null)));
        assertThatThrownBy(() -> as(anna, () -> selfReport.open(s2.id(), 24)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors().get("attendance")).contains("Take attendance first"));
        // opening writes an audit entry naming the members, never a PIN or link
        as(anna, () -> selfReport.open(s1.id(), 24));
        assertThat(as(admin, () -> audit.search(new AuditQuery(anna.username(), AuditAction.CREATE, "SelfReportWindow", null, null, 10))))
                .singleElement().satisfies(e -> assertThat(e.after()).contains(m1.code()).doesNotContain("pin").doesNotContain("link"));
    }
}
