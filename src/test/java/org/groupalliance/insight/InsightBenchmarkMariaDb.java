package org.groupalliance.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

import org.groupalliance.base.MemberId;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.Rating;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.Schedule;
import org.groupalliance.insight.chart.SvgChart;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupData;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.PhaseBoundaries;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.StatementCounter;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The numbers in docs/benchmarks.md (insight report section): server time of the insight page
 * ({@link InsightService#forGroup} plus what the view builds from it: each chart's SVG, text
 * alternative and CSVs, the association panel's default view, the members' within-person r, the
 * completeness panel and the open alerts) and of the PDF report, for a synthetic group of 12
 * members x 40 sessions x 5 member-rated instruments on MariaDB (2,400 forms). p50/p95 of warm
 * runs, written to target/insight-benchmark.txt with the load average. Not part of {@code verify}
 * (the name does not end in Test); run it with
 * {@code ./mvnw -o test -Dtest=InsightBenchmarkMariaDb -Dsurefire.failIfNoSpecifiedTests=false}.
 * Timings are reported, never asserted.
 */
@MariaDbTest
class InsightBenchmarkMariaDb {

    static final List<String> FIVE = List.of("SESSION-ALLIANCE-4", "GROUP-SESSION-ALLIANCE-4", "GROUP-CLIMATE-12", "MEMBER-GROUP-ALLIANCE",
            "SESSION-OUTCOME-4");
    static final int MEMBERS = 12;
    static final int SESSIONS = 40;

    @Autowired ApplicationContext context;
    @Autowired GroupService groups;
    @Autowired SessionService sessions;
    @Autowired RatingService ratings;
    @Autowired MeasurementPlanService plans;
    @Autowired InstrumentService instruments;
    @Autowired InsightService insight;
    @Autowired GroupReportService reports;
    @Autowired AssociationService associations;
    @Autowired MemberInsightService memberInsight;

    @Test
    void insight_page_and_pdf_for_12_members_x_40_sessions_x_5_instruments() throws Exception {
        Actors actors = new Actors(context);
        var site = actors.newSite();
        Actors.Account anna = actors.newUser(Role.FACILITATOR, site);
        TestGroups.TestGroup g = TestGroups.closedGroup(context, anna, site, "Insight bench ", MEMBERS);
        var current = as(anna, () -> groups.get(g.group().id()));
        var d = current.data();
        as(anna, () -> groups.update(current.id(), current.version(), new GroupData(d.siteId(), d.name(), d.modality(), d.format(), SESSIONS,
                d.startDate(), PhaseBoundaries.thirds(SESSIONS), d.leaderIds())));
        for (String code : FIVE) {
            as(anna, () -> plans.save(g.group().id(), new PlanEntryData(code, Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
        }
        Random random = new Random(10);
        long setup = System.nanoTime();
        // sessions and attendance through the services (they also plan the expected forms)
        List<GroupSession> taken = new ArrayList<>();
        for (int n = 1; n <= SESSIONS; n++) {
            int number = n;
            GroupSession s = as(anna, () -> sessions.create(g.group().id(), new SessionData(number, LocalDate.of(2026, 1, 6).plusDays(7L * (number - 1)), null)));
            Map<MemberId, AttendanceStatus> sheet = new HashMap<>();
            g.members().forEach(m -> sheet.put(m.id(), AttendanceStatus.PRESENT));
            taken.add(as(anna, () -> sessions.recordAttendance(s.id(), s.version(), sheet)));
        }
        Map<String, InstrumentDefinition> defs = new HashMap<>();
        for (String code : FIVE) {
            defs.put(code, as(anna, () -> instruments.current(code).orElseThrow().definition()));
        }
        // session 1 through RatingService (12 forms per instrument, as a leader enters them); the
        // other 39 sessions' 2,340 forms in a few multi-row inserts that store exactly what the
        // service stores (same key, scores from the instrument's definition, item and score rows)
        Map<String, double[]> firstForms = new HashMap<>();
        for (String code : FIVE) {
            List<MemberForm> forms = new ArrayList<>();
            for (var m : g.members()) {
                double[] r = responses(defs.get(code), random);
                firstForms.put(code + "|" + m.id().value(), r);
                forms.add(new MemberForm(m.id(), r, null));
            }
            as(anna, () -> ratings.recordMemberForms(taken.getFirst().id(), code, forms));
        }
        List<BulkRatings.Form> bulk = new ArrayList<>();
        for (GroupSession s : taken.subList(1, taken.size())) {
            for (String code : FIVE) {
                for (var m : g.members()) {
                    // session 2 repeats session 1's answers, so the two paths can be compared below
                    double[] r = s.number() == 2 ? firstForms.get(code + "|" + m.id().value()) : responses(defs.get(code), random);
                    bulk.add(new BulkRatings.Form(s, defs.get(code), m.id(), r));
                }
            }
        }
        new BulkRatings(context.getBean(org.jooq.DSLContext.class)).insertMemberForms(g.group().id(), bulk, anna.username());
        // the bulk rows read back through the service exactly as the service's own rows do
        List<Rating> viaService = as(anna, () -> ratings.forSession(taken.get(0).id()));
        List<Rating> viaBulk = as(anna, () -> ratings.forSession(taken.get(1).id()));
        assertThat(viaBulk).hasSize(MEMBERS * FIVE.size());
        assertThat(viaBulk).usingRecursiveFieldByFieldElementComparatorIgnoringFields("id", "sessionId")
                .containsExactlyInAnyOrderElementsOf(viaService);
        double setupSeconds = (System.nanoTime() - setup) / 1e9;
        GroupInsight gi = as(anna, () -> insight.forGroup(g.group().id()));
        assertThat(gi.instruments()).hasSize(FIVE.size());
        assertThat(gi.sessionsHeld()).isEqualTo(SESSIONS);

        double loadBefore = load();
        Supplier<Integer> pageBuild = () -> as(anna, () -> {
            GroupInsight x = insight.forGroup(g.group().id());
            int chars = 0;
            for (InstrumentInsight ii : x.instruments()) {
                chars += SvgChart.render(ii.chart()).length() + SvgChart.textAlternative(ii.chart()).length() + InsightCsv.points(ii).length()
                        + InsightCsv.members(ii).length();
            }
            // the association panel's default view and the members table's within-person r, as InsightView shows them
            var summary = associations.summaryFor(g.group().id());
            var options = summary.options();
            chars += summary.sentence().length() + options.measures().size();
            chars += memberInsight.withinPerson(g.group().id(), options).size();
            chars += memberInsight.completeness(g.group().id()).hashCode() & 1;
            return chars + reports.openAlerts(g.group().id()).alerts().size();
        });
        double[] page = times(50, pageBuild);
        // load-independent: the page's statements and this thread's CPU time (the JVM's share; MariaDB's is not in it)
        int statements;
        try (StatementCounter counter = new StatementCounter(context.getBean(org.jooq.DSLContext.class))) {
            pageBuild.get();
            statements = counter.count();
        }
        double[] pageCpu = cpuTimes(30, pageBuild);
        double[] service = times(50, () -> as(anna, () -> insight.forGroup(g.group().id())));
        double[] panel = times(50, () -> as(anna, () -> {
            var summary = associations.summaryFor(g.group().id());
            return summary.sentence().length() + summary.options().measures().size();
        }));
        double[] within = times(50, () -> as(anna, () -> memberInsight.withinPerson(g.group().id()).size()));
        double[] completeness = times(50, () -> as(anna, () -> memberInsight.completeness(g.group().id()).hashCode()));
        double[] serviceCpu = cpuTimes(30, () -> as(anna, () -> insight.forGroup(g.group().id())));
        double[] withinCpu = cpuTimes(30, () -> as(anna, () -> memberInsight.withinPerson(g.group().id()).size()));
        double[] completenessCpu = cpuTimes(30, () -> as(anna, () -> memberInsight.completeness(g.group().id()).hashCode()));
        double[] pdf = times(15, () -> as(anna, () -> reports.pdf(g.group().id())));
        int bytes = as(anna, () -> reports.pdf(g.group().id())).length;
        double loadAfter = load();

        StringBuilder report = new StringBuilder();
        report.append(String.format("synthetic group: %d members x %d sessions x %d member-rated instruments = %d forms (set up in %.0f s: sessions, attendance and session 1 through the services, sessions 2-40 in bulk)%n",
                MEMBERS, SESSIONS, FIVE.size(), MEMBERS * SESSIONS * FIVE.size(), setupSeconds));
        report.append(String.format("insight page server time (forGroup + SVG, text, CSVs of 5 charts + association panel default + within-person r + completeness + open alerts): p50 %.1f ms, p95 %.1f ms, max %.1f ms of %d warm runs%n",
                pct(page, 50), pct(page, 95), page[page.length - 1], page.length));
        report.append(String.format("insight page: %d SQL statements per build; CPU time of the building thread p50 %.1f ms, p95 %.1f ms of %d runs%n",
                statements, pct(pageCpu, 50), pct(pageCpu, 95), pageCpu.length));
        report.append(String.format("InsightService.forGroup alone: p50 %.1f ms, p95 %.1f ms of %d warm runs%n", pct(service, 50), pct(service, 95), service.length));
        report.append(String.format("association panel's default view alone (summaryFor with its options): p50 %.1f ms, p95 %.1f ms; members' within-person r alone:"
                + " p50 %.1f ms, p95 %.1f ms; completeness alone: p50 %.1f ms, p95 %.1f ms of 50 warm runs each%n", pct(panel, 50), pct(panel, 95),
                pct(within, 50), pct(within, 95), pct(completeness, 50), pct(completeness, 95)));
        report.append(String.format("CPU time of the building thread, p50: forGroup %.1f ms, within-person r %.1f ms, completeness %.1f ms of 30 runs each%n",
                pct(serviceCpu, 50), pct(withinCpu, 50), pct(completenessCpu, 50)));
        report.append(String.format("PDF report (%d bytes): p50 %.0f ms, p95 %.0f ms, max %.0f ms of %d warm runs%n", bytes, pct(pdf, 50),
                pct(pdf, 95), pdf[pdf.length - 1], pdf.length));
        report.append(String.format("load average (1 min) before/after measuring: %.1f / %.1f on %d cores%n", loadBefore, loadAfter,
                Runtime.getRuntime().availableProcessors()));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/insight-benchmark.txt"), report);
        System.out.print(report);
    }

    /** One form's answers: each item around 70 % of its range (SD 15 %), rounded to the item's whole points. */
    static double[] responses(InstrumentDefinition def, Random random) {
        double[] r = new double[def.items().size()];
        for (InstrumentDefinition.Item item : def.items()) {
            double share = Math.max(0, Math.min(1, 0.7 + 0.15 * random.nextGaussian()));
            r[item.number() - 1] = Math.round(item.min() + share * (item.max() - item.min()));
        }
        return r;
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Sorted wall times in ms of {@code runs} runs after 5 warm-up runs. */
    private static double[] times(int runs, Supplier<?> work) {
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
        return ms;
    }

    /** Sorted CPU times in ms of the current thread for {@code runs} runs (after the warm-up of {@link #times}). */
    private static double[] cpuTimes(int runs, Supplier<?> work) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = threads.getCurrentThreadCpuTime();
            work.get();
            ms[i] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    /** Nearest-rank percentile of sorted values. */
    private static double pct(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
