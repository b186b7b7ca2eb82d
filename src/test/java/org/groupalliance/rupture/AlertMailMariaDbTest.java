package org.groupalliance.rupture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.capture.LeaderForm;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.TestGroups;
import org.groupalliance.support.TinySmtpServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The optional e-mail to the group's leaders, through a real SMTP server on a local port: no clinical content, only a link. */
@MariaDbTest
class AlertMailMariaDbTest {

    static final TinySmtpServer SMTP;

    static {
        try {
            SMTP = new TinySmtpServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry r) {
        r.add("spring.mail.host", () -> "127.0.0.1");
        r.add("spring.mail.port", SMTP::port);
        r.add("groupalliance.alerts.mail.enabled", () -> "true");
        r.add("groupalliance.alerts.mail.from", () -> "alerts@groupalliance.test");
        r.add("groupalliance.public-url", () -> "https://ga.example.org/");
    }

    @Autowired ApplicationContext context;
    @Autowired RatingService ratings;
    @Autowired MeasurementPlanService plans;
    @Autowired SessionService sessions;
    @Autowired AlertService alerts;
    @Autowired RuptureEvaluations evaluations;

    @Test
    void a_members_low_answers_mail_each_leader_with_an_address_a_link_and_nothing_clinical() {
        Actors actors = new Actors(context);
        var site = actors.newSite();
        Actors.Account anna = actors.newUser(Role.FACILITATOR, site);
        TestGroups.TestGroup g = TestGroups.closedGroup(context, anna, site, "Mail group ", 2);
        as(anna, () -> plans.save(g.group().id(), new PlanEntryData("SESSION-ALLIANCE-4", Set.of(Rater.MEMBER), Schedule.everySession(), false, false,
                List.of()), null));
        as(anna, () -> plans.save(g.group().id(), new PlanEntryData("GTB-12", Set.of(Rater.LEADER), Schedule.everySession(), false, false, List.of()), null));
        // two co-leaders with addresses who are no longer entitled: ben's account is disabled, carl is now a researcher
        // (both stay listed as the group's leaders, decision 0022): neither gets mail about the group any more
        Actors.Account ben = actors.newUser(Role.FACILITATOR, site);
        Actors.Account carl = actors.newUser(Role.FACILITATOR, site);
        var groupService = context.getBean(org.groupalliance.roster.GroupService.class);
        var d = g.group().data();
        var group = as(anna, () -> groupService.get(g.group().id()));
        as(anna, () -> groupService.update(group.id(), group.version(), new org.groupalliance.roster.GroupData(d.siteId(), d.name(), d.modality(),
                d.format(), d.plannedSessions(), d.startDate(), d.phases(), Set.of(anna.created().id(), ben.created().id(), carl.created().id()))));
        as(ben, () -> alerts.saveMailAddress("ben@clinic.example"));
        as(carl, () -> alerts.saveMailAddress("carl@clinic.example"));
        var users = context.getBean(org.groupalliance.security.UserService.class);
        Actors.Account admin = actors.newUser(Role.ADMIN, null);
        as(admin, () -> {
            var b = users.findById(ben.created().id()).orElseThrow();
            users.update(b.id(), b.version(), b.fullName(), b.role(), b.siteId(), false);
            var c = users.findById(carl.created().id()).orElseThrow();
            users.update(c.id(), c.version(), c.fullName(), Role.RESEARCHER, c.siteId(), true);
        });
        GroupSession s = as(anna, () -> sessions.create(g.group().id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
        GroupSession held = as(anna, () -> sessions.recordAttendance(s.id(), s.version(),
                Map.of(g.member(1).id(), AttendanceStatus.PRESENT, g.member(2).id(), AttendanceStatus.PRESENT)));
        SMTP.clear();

        // no address yet: the alert is stored, nothing is sent
        as(anna, () -> ratings.recordMemberForms(held.id(), "SESSION-ALLIANCE-4", List.of(new MemberForm(g.member(2).id(), new double[] {9, 9, 9, 8}, null))));
        // the rules run after the commit, on RuptureEvaluations' workers
        assertThat(evaluations.awaitIdle(java.time.Duration.ofSeconds(30))).as("rupture evaluation quiet").isTrue();
        assertThat(as(anna, () -> alerts.needsAttention())).isNotEmpty();
        assertThat(SMTP.messages()).isEmpty();

        as(anna, () -> alerts.saveMailAddress("anna@clinic.example"));
        // a leader's own rating raises a mismatch alert but no e-mail (only members' own answers do)
        as(anna, () -> ratings.recordLeaderRatings(held.id(), "GTB-12", List.of(new LeaderForm(RatingTarget.member(g.member(2).id()),
                new double[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, null))));
        assertThat(evaluations.awaitIdle(java.time.Duration.ofSeconds(30))).as("rupture evaluation quiet").isTrue();
        assertThat(as(anna, () -> alerts.needsAttention())).anySatisfy(a -> assertThat(a.rule()).isEqualTo(AlertRule.MISMATCH));
        assertThat(SMTP.messages()).isEmpty();

        as(anna, () -> ratings.recordMemberForms(held.id(), "SESSION-ALLIANCE-4", List.of(new MemberForm(g.member(1).id(), new double[] {7.5, 8, 8, 7.7}, null))));
        assertThat(evaluations.awaitIdle(java.time.Duration.ofSeconds(30))).as("rupture evaluation quiet").isTrue();
        assertThat(SMTP.messages()).singleElement().satisfies(m -> {
            assertThat(m.to()).containsExactly("anna@clinic.example");
            assertThat(m.data()).contains("Subject: " + AlertMailer.SUBJECT).contains("https://ga.example.org/attention");
            assertThat(m.data()).doesNotContain(g.member(1).code()).doesNotContain(g.group().name()).doesNotContain("31.2")
                    .doesNotContain("SESSION-ALLIANCE").doesNotContain("under 36").doesNotContain("Rupture group");
        });
    }
}
