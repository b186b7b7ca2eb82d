package org.groupalliance.rupture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.groupalliance.base.MemberId;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.rupture.internal.AlertRepository;
import org.groupalliance.security.Role;
import org.groupalliance.security.SystemActor;
import org.groupalliance.support.Actors;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The numbers in docs/benchmarks.md (rupture section): the cost of evaluating the rules for a sheet
 * save of 12 members x 3 instruments with 9 earlier sessions of history, and the Needs attention
 * list of a leader of 10 groups x 40 sessions. Medians of repeated warm runs on MariaDB; written to
 * target/rupture-benchmark.txt with the machine's load average. Not part of {@code verify} (the
 * name does not end in Test): run it on a quiet machine with
 * {@code ./mvnw -o test -Dtest=RuptureBenchmarkMariaDb -Dsurefire.failIfNoSpecifiedTests=false}.
 * Timings on a shared, overloaded machine say little, so they are reported, not asserted.
 */
@MariaDbTest
class RuptureBenchmarkMariaDb {

    static final List<String> THREE = List.of("SESSION-ALLIANCE-4", "GROUP-CLIMATE-12", "MEMBER-GROUP-ALLIANCE");

    @Autowired ApplicationContext context;
    @Autowired RatingService ratings;
    @Autowired MeasurementPlanService plans;
    @Autowired SessionService sessions;
    @Autowired RuptureEvaluation evaluation;
    @Autowired AlertService alerts;
    @Autowired AlertRepository alertRepository;
    @Autowired TransactionTemplate tx;

    @Test
    void rule_evaluation_for_12_members_x_3_instruments_and_needs_attention_for_10_groups_x_40_sessions() throws Exception {
        Actors actors = new Actors(context);
        var site = actors.newSite();
        Actors.Account anna = actors.newUser(Role.FACILITATOR, site);
        StringBuilder report = new StringBuilder();

        // --- 12 members, 3 member-rated instruments, 10 sessions of history
        TestGroups.TestGroup g = TestGroups.closedGroup(context, anna, site, "Bench ", 12);
        for (String code : THREE) {
            as(anna, () -> plans.save(g.group().id(), new PlanEntryData(code, Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
        }
        java.util.Random random = new java.util.Random(11);
        GroupSession last = null;
        long[] saveMillis = new long[3];
        for (int n = 1; n <= 10; n++) {
            GroupSession s = held(anna, g, n);
            last = s;
            for (int i = 0; i < THREE.size(); i++) {
                String code = THREE.get(i);
                List<MemberForm> forms = new ArrayList<>();
                for (var m : g.members()) {
                    forms.add(new MemberForm(m.id(), responses(code, random), null));
                }
                long t0 = System.nanoTime();
                as(anna, () -> ratings.recordMemberForms(s.id(), code, forms));
                if (n == 10) {
                    saveMillis[i] = (System.nanoTime() - t0) / 1_000_000;
                }
            }
        }
        GroupSession tenth = last;
        double evaluate = median(25, () -> SystemActor.call(() -> evaluation.evaluate(tenth.id())));
        report.append(String.format("evaluate(session 10; 12 members x 3 instruments, 9 sessions of history): median %.1f ms of 25 warm runs%n", evaluate));
        report.append(String.format("sheet saves at session 10 including their evaluation: %d, %d, %d ms%n", saveMillis[0], saveMillis[1], saveMillis[2]));

        // --- a leader of 10 groups x 40 sessions, 3 alerts per session
        Actors.Account ben = actors.newUser(Role.FACILITATOR, site);
        for (int k = 0; k < 10; k++) {
            TestGroups.TestGroup twelve = TestGroups.closedGroup(context, ben, site, "Bench list ", 2);
            var gs = context.getBean(org.groupalliance.roster.GroupService.class);
            var current = as(ben, () -> gs.get(twelve.group().id()));
            var d = current.data();
            as(ben, () -> gs.update(current.id(), current.version(), new org.groupalliance.roster.GroupData(d.siteId(), d.name(), d.modality(), d.format(), 40,
                    d.startDate(), org.groupalliance.roster.PhaseBoundaries.thirds(40), d.leaderIds())));
            TestGroups.TestGroup group = twelve;
            List<GroupSession> forty = new ArrayList<>();
            for (int n = 1; n <= 40; n++) {
                int number = n;
                forty.add(as(ben, () -> sessions.create(group.group().id(), new SessionData(number, LocalDate.of(2026, 1, 6).plusDays(number), null))));
            }
            tx.executeWithoutResult(status -> {
                for (GroupSession s : forty) {
                    for (AlertRule rule : List.of(AlertRule.CONCERN_TOTAL, AlertRule.DROP, AlertRule.GROUP_MEAN_FALL)) {
                        MemberId m = rule.memberLevel() ? group.member(1).id() : null;
                        String subject = rule.memberLevel() ? group.member(1).code() : AlertRules.WHOLE_GROUP;
                        alertRepository.insert(new AlertRepository.NewAlert(group.group().id(), s.id(), s.number(), "SESSION-ALLIANCE-4", rule, subject, m,
                                RuptureEvaluation.key(group.group().id(), s.id(), "SESSION-ALLIANCE-4", rule, subject), subject + ": total 31.2, under 36", true),
                                LocalDateTime.of(2026, 1, 1, 0, 0).plusMinutes(s.number()));
                    }
                }
            });
        }
        assertThat(as(ben, () -> alerts.needsAttention())).hasSize(AlertService.LIMIT);
        double list = median(25, () -> as(ben, () -> alerts.needsAttention()));
        report.append(String.format("needsAttention() for a leader of 10 groups x 40 sessions (1200 active alerts, newest %d shown): median %.1f ms of 25 warm runs%n",
                AlertService.LIMIT, list));
        Files.createDirectories(Path.of("target"));
        report.append(String.format("load average (1 min) while measuring: %.1f on %d cores%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors()));
        Files.writeString(Path.of("target/rupture-benchmark.txt"), report);
        System.out.print(report);
    }

    private static double[] responses(String code, java.util.Random random) {
        return switch (code) {
            case "SESSION-ALLIANCE-4" -> new double[] {v(random), v(random), v(random), v(random)};
            case "GROUP-CLIMATE-12" -> random.ints(12, 0, 7).asDoubleStream().toArray();
            default -> random.ints(4, 1, 8).asDoubleStream().toArray();
        };
    }

    private static double v(java.util.Random random) {
        return Math.round((7 + 3 * random.nextDouble()) * 10) / 10.0;
    }

    private GroupSession held(Actors.Account anna, TestGroups.TestGroup g, int n) {
        GroupSession s = as(anna, () -> sessions.create(g.group().id(), new SessionData(n, LocalDate.of(2026, 1, 6).plusWeeks(n - 1), null)));
        Map<MemberId, AttendanceStatus> sheet = new HashMap<>();
        g.members().forEach(m -> sheet.put(m.id(), AttendanceStatus.PRESENT));
        return as(anna, () -> sessions.recordAttendance(s.id(), s.version(), sheet));
    }

    private static double median(int runs, Supplier<?> work) {
        for (int i = 0; i < 5; i++) {
            work.get();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            work.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }
}
