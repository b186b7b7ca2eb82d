package org.groupalliance.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.groupalliance.base.MemberId;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.Schedule;
import org.groupalliance.capture.SelfReport;
import org.groupalliance.capture.SelfReportMemberService;
import org.groupalliance.capture.SelfReportService;
import org.groupalliance.capture.SessionRecordingService;
import org.groupalliance.capture.SessionRecordingService.MemberSheet;
import org.groupalliance.capture.SessionRecordingService.Sheet;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Issue 13's load numbers (docs/benchmarks.md): on MariaDB, through the real services and
 * transactions, 50 leaders save a whole session at the same moment (attendance plus 10 members x 3
 * instruments, one transaction each), four rounds after one unmeasured warm-up round, while 200 members send their phone forms at
 * random moments within one minute. Reports p50/p95/p99 of both, every error by kind (a deadlock
 * that reached a caller would show here), and checks that no row was lost or stored twice.
 * Not part of {@code verify} (the name does not end in Test):
 * {@code ./mvnw -o test -Dtest=LoadBenchmarkMariaDb -Dsurefire.failIfNoSpecifiedTests=false};
 * writes target/load-benchmark.txt.
 */
@MariaDbTest
class LoadBenchmarkMariaDb {

    static final List<String> THREE = List.of("SESSION-ALLIANCE-4", "GROUP-CLIMATE-12", "MEMBER-GROUP-ALLIANCE");
    static final int LEADERS = 50;
    static final int MEMBERS = 10;
    static final int ROUNDS = 4;
    static final int PHONE_GROUPS = 20;

    @Autowired ApplicationContext context;
    @Autowired MeasurementPlanService plans;
    @Autowired SessionService sessions;
    @Autowired SessionRecordingService recording;
    @Autowired SelfReportService selfReport;
    @Autowired SelfReportMemberService phones;
    @Autowired DataSource dataSource;
    @Autowired org.groupalliance.rupture.RuptureEvaluations evaluations;

    private record Leader(Actors.Account account, TestGroups.TestGroup group, List<GroupSession> sessions) {
    }

    @Test
    void fifty_leaders_saving_sheets_at_once_and_two_hundred_phones_within_a_minute() throws Exception {
        Actors actors = new Actors(context);
        var site = actors.newSite();
        List<Leader> leaders = new ArrayList<>();
        for (int l = 0; l < LEADERS; l++) {
            Actors.Account account = actors.newUser(Role.FACILITATOR, site);
            TestGroups.TestGroup g = TestGroups.closedGroup(context, account, site, "Load ", MEMBERS);
            for (String code : THREE) {
                as(account, () -> plans.save(g.group().id(), new PlanEntryData(code, Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
            }
            List<GroupSession> held = new ArrayList<>();
            for (int n = 1; n <= ROUNDS + 2; n++) { // a warm-up round, the measured rounds, the phones' session
                int number = n;
                held.add(as(account, () -> sessions.create(g.group().id(), new SessionData(number, LocalDate.of(2026, 1, 6).plusWeeks(number - 1), null))));
            }
            leaders.add(new Leader(account, g, held));
        }
        // the phones: the 20 first groups held their last session and opened self-report for it
        List<Map.Entry<String, SelfReport.Pass>> passes = new ArrayList<>();
        for (int l = 0; l < PHONE_GROUPS; l++) {
            Leader leader = leaders.get(l);
            GroupSession fifth = leader.sessions().get(ROUNDS + 1);
            as(leader.account(), () -> sessions.recordAttendance(fifth.id(), fifth.version(), allPresent(leader.group())));
            SelfReport.Opened opened = as(leader.account(), () -> selfReport.open(fifth.id(), 24));
            opened.passes().forEach(p -> passes.add(Map.entry(opened.accessKey(), p)));
        }
        assertThat(passes).hasSize(PHONE_GROUPS * MEMBERS);
        long ratingsBefore = count("SELECT COUNT(*) FROM rating");
        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        // a warm-up round first, as in any benchmark of a long-running server (JMH's warm-up iterations): the
        // first burst after start runs interpreted and JIT-compiling code on an empty buffer pool; reported
        // apart as the cold start, not mixed into the measured rounds
        Map<String, AtomicInteger> warmUpErrors = new ConcurrentHashMap<>();
        List<List<Double>> coldRound = saveRounds(leaders, 0, 1, Collections.synchronizedList(new ArrayList<>()), warmUpErrors);
        evaluations.awaitIdle(java.time.Duration.ofMinutes(5));
        // where the CPU goes (load-independent): totals over the load phase, and a JFR recording of it
        jdk.jfr.Recording jfr = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        jfr.start();
        Cpu burstStart = Cpu.now();
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        List<Double> phoneMillis = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService phonePool = Executors.newScheduledThreadPool(64);
        Random random = new Random(13);
        List<ScheduledFuture<?>> phoneRuns = new ArrayList<>();
        long phonesStart = System.nanoTime();
        for (Map.Entry<String, SelfReport.Pass> pass : passes) {
            long at = random.nextInt(60_000);
            double[][] answers = THREE.stream().map(code -> responses(code, random)).toArray(double[][]::new);
            phoneRuns.add(phonePool.schedule(() -> {
                long t0 = System.nanoTime();
                try {
                    SelfReport.Ticket ticket = phones.enterWithLink(pass.getKey(), pass.getValue().linkToken());
                    Map<String, double[]> responses = new LinkedHashMap<>();
                    for (int i = 0; i < THREE.size(); i++) {
                        responses.put(THREE.get(i), answers[i]);
                    }
                    phones.submit(ticket, responses);
                    phoneMillis.add((System.nanoTime() - t0) / 1e6);
                } catch (RuntimeException e) {
                    errors.computeIfAbsent("phone: " + rootCause(e), k -> new AtomicInteger()).incrementAndGet();
                }
            }, at, TimeUnit.MILLISECONDS));
        }

        // the leaders: four rounds; in each, all 50 press Save at the same moment
        List<Double> saveCpuMillis = Collections.synchronizedList(new ArrayList<>());
        List<List<Double>> rounds = saveRounds(leaders, 1, ROUNDS, saveCpuMillis, errors);
        List<Double> saveMillis = rounds.stream().flatMap(List::stream).toList();
        for (ScheduledFuture<?> f : phoneRuns) {
            f.get(30, TimeUnit.MINUTES);
        }
        double phonesSeconds = (System.nanoTime() - phonesStart) / 1e9;
        // the rupture rules run after each commit on RuptureEvaluations' workers: how long after the last save are they all done?
        long drainStart = System.nanoTime();
        boolean quiet = evaluations.awaitIdle(java.time.Duration.ofMinutes(5));
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        Cpu burst = Cpu.now().minus(burstStart);
        jfr.stop();
        Path jfrFile = Path.of("target/load-benchmark.jfr");
        Files.createDirectories(jfrFile.getParent());
        jfr.dump(jfrFile);
        jfr.close();
        long alertsStored = count("SELECT COUNT(*) FROM rupture_alert");
        phonePool.shutdown();
        long storedByLoad = count("SELECT COUNT(*) FROM rating") - ratingsBefore;

        // one save at a time (the warm code, nothing else of ours running): the CPU of one save in the
        // application thread, in MariaDB (its CPU less its rate just before: other databases share it),
        // in the rupture workers afterwards, and the audit head's hold
        Cpu idleStart = Cpu.now();
        Thread.sleep(3000);
        Cpu idle = Cpu.now().minus(idleStart);
        double dbIdleRate = idle.dbMillis / idle.wallMillis;
        List<Leader> probeLeaders = leaders.subList(PHONE_GROUPS, LEADERS);
        List<Double> probeCpu = new ArrayList<>();
        List<Double> probeWall = new ArrayList<>();
        var allocation = (com.sun.management.ThreadMXBean) THREADS;
        long allocatedBefore = allocation.getCurrentThreadAllocatedBytes();
        Cpu probeStart = Cpu.now();
        for (Leader leader : probeLeaders) {
            GroupSession s = leader.sessions().get(ROUNDS + 1);
            Random own = new Random(leader.group().group().id().value());
            List<Sheet> sheets = THREE.stream().<Sheet>map(code -> new MemberSheet(code,
                    leader.group().members().stream().map(m -> new MemberForm(m.id(), responses(code, own), null)).toList())).toList();
            long t0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            as(leader.account(), () -> recording.record(s.id(), s.version(), allPresent(leader.group()), sheets));
            probeCpu.add((THREADS.getCurrentThreadCpuTime() - c0) / 1e6);
            probeWall.add((System.nanoTime() - t0) / 1e6);
        }
        Cpu probeSaves = Cpu.now().minus(probeStart);
        double allocatedMb = (allocation.getCurrentThreadAllocatedBytes() - allocatedBefore) / 1e6 / probeLeaders.size();
        evaluations.awaitIdle(java.time.Duration.ofMinutes(5));
        Cpu probe = Cpu.now().minus(probeStart);
        int n = probeLeaders.size();

        // nothing lost, nothing twice
        long expectedSheets = (long) LEADERS * (1 + ROUNDS) * MEMBERS * THREE.size(); // the warm-up round included
        long expectedPhones = (long) PHONE_GROUPS * MEMBERS * THREE.size();
        long stored = storedByLoad;
        long duplicates = count("SELECT COUNT(*) FROM (SELECT session_id, instrument_code, rater_member_id, COUNT(*) c FROM rating"
                + " WHERE rater_kind = 'MEMBER' GROUP BY session_id, instrument_code, rater_member_id HAVING COUNT(*) > 1) d");

        StringBuilder report = new StringBuilder();
        report.append(String.format("sheet saves (attendance + 10 members x 3 instruments, one transaction), %d leaders at once x %d rounds: n=%d%s%n",
                LEADERS, ROUNDS, saveMillis.size(), percentiles(saveMillis)));
        report.append(String.format("  each measured round: %s; the warm-up round before them (cold start, not in the figures above): n=%d%s%n",
                rounds.stream().map(r -> String.format("p50 %.0f / p95 %.0f ms", pct(r, 0.5), pct(r, 0.95))).toList(), coldRound.get(0).size(),
                percentiles(coldRound.get(0))));
        report.append(String.format("phone submissions (3 forms each), %d members at random moments in 60 s (all done after %.1f s): n=%d%s%n",
                passes.size(), phonesSeconds, phoneMillis.size(), percentiles(phoneMillis)));
        report.append(String.format("rows: %d ratings stored, %d expected (%d sheet, the warm-up round's included, + %d phone); %d stored twice%n",
                stored, expectedSheets + expectedPhones, expectedSheets, expectedPhones, duplicates));
        report.append(String.format("rupture evaluation: %s %.1f s after the last save; %d alerts in the database%n",
                quiet ? "all done" : "NOT quiet", drainSeconds, alertsStored));
        report.append("errors that reached a caller: ").append(errors.isEmpty() ? "none" : errors)
                .append("; in the warm-up round: ").append(warmUpErrors.isEmpty() ? "none" : warmUpErrors).append('\n');
        report.append(String.format("load average (1 min) at the start %.1f, at the end: %.1f on %d cores; heap max %d MB%n", loadAtStart,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20));
        report.append(String.format("CPU over the load phase (%.1f s wall): this JVM %.0f ms (the leaders' threads in their saves %.0f ms = %.1f ms a save"
                + " [p50 %.1f, p95 %.1f], the rupture workers %.0f ms), MariaDB %.0f ms (all its databases), audit head: %d locks, held %.1f ms on average"
                + " (max %.1f ms), waited for %.1f ms on average%n", burst.wallMillis / 1000, burst.jvmMillis,
                saveCpuMillis.stream().mapToDouble(Double::doubleValue).sum(), saveCpuMillis.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                pct(saveCpuMillis, 0.5), pct(saveCpuMillis, 0.95), burst.ruptureMillis, burst.dbMillis, burst.locks.locks(),
                burst.locks.holdNanos() / 1e6 / Math.max(1, burst.locks.locks()), burst.locks.maxHoldNanos() / 1e6,
                burst.locks.waitNanos() / 1e6 / Math.max(1, burst.locks.locks())));
        report.append(String.format("one save at a time, %d saves (warm): wall p50 %.1f ms; CPU a save: application thread %.1f ms (p50 %.1f), this JVM"
                + " %.1f ms, MariaDB %.1f ms (%.1f ms less its idle rate of %.0f ms/s), rupture workers afterwards %.1f ms; audit head held %.2f ms a save; %.1f MB allocated a save in the application thread%n",
                n, pct(probeWall, 0.5), probeCpu.stream().mapToDouble(Double::doubleValue).average().orElse(0), pct(probeCpu, 0.5),
                probeSaves.jvmMillis / n, probeSaves.dbMillis / n, (probeSaves.dbMillis - dbIdleRate * probeSaves.wallMillis) / n, dbIdleRate * 1000,
                probe.ruptureMillis / n, probeSaves.locks.holdNanos() / 1e6 / n, allocatedMb));
        report.append("JFR recording of the load phase: ").append(jfrFile).append('\n');
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/load-benchmark.txt"), report);
        System.out.print(report);

        assertThat(errors).as("errors that reached a caller").isEmpty();
        assertThat(warmUpErrors).as("errors that reached a caller in the warm-up round").isEmpty();
        assertThat(stored).isEqualTo(expectedSheets + expectedPhones);
        assertThat(duplicates).isZero();
        assertThat(quiet).as("rupture evaluation quiet within 5 minutes").isTrue();
    }

    static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * Rounds of the burst: in each, every leader saves session {@code first + round} (attendance and 10 members x 3
     * instruments, one transaction), all pressing Save at the same moment. Returns each round's wall times in ms;
     * adds the saving threads' CPU per save to {@code cpuMillis} and every failure, by kind, to {@code errors}.
     */
    private List<List<Double>> saveRounds(List<Leader> leaders, int first, int count, List<Double> cpuMillis, Map<String, AtomicInteger> errors)
            throws Exception {
        List<List<Double>> rounds = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            rounds.add(Collections.synchronizedList(new ArrayList<>()));
        }
        ExecutorService leaderPool = Executors.newFixedThreadPool(leaders.size());
        CyclicBarrier together = new CyclicBarrier(leaders.size());
        List<Future<?>> leaderRuns = new ArrayList<>();
        for (Leader leader : leaders) {
            Random own = new Random(leader.group().group().id().value() * 31 + first);
            leaderRuns.add(leaderPool.submit(() -> {
                for (int round = 0; round < count; round++) {
                    GroupSession s = leader.sessions().get(first + round);
                    List<Sheet> sheets = THREE.stream().<Sheet>map(code -> new MemberSheet(code,
                            leader.group().members().stream().map(m -> new MemberForm(m.id(), responses(code, own), null)).toList())).toList();
                    try {
                        together.await();
                        long t0 = System.nanoTime();
                        long c0 = THREADS.getCurrentThreadCpuTime();
                        as(leader.account(), () -> recording.record(s.id(), s.version(), allPresent(leader.group()), sheets));
                        cpuMillis.add((THREADS.getCurrentThreadCpuTime() - c0) / 1e6);
                        rounds.get(round).add((System.nanoTime() - t0) / 1e6);
                    } catch (RuntimeException e) {
                        errors.computeIfAbsent("sheet save: " + rootCause(e), k -> new AtomicInteger()).incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : leaderRuns) {
            f.get(30, TimeUnit.MINUTES);
        }
        leaderPool.shutdown();
        return rounds;
    }

    /** CPU used so far: this JVM, its rupture workers, the MariaDB server process (all its databases), the audit head's lock times. */
    record Cpu(double wallMillis, double jvmMillis, double ruptureMillis, double dbMillis, org.groupalliance.security.internal.AuditRepository.HeadLockTimes locks) {
        static Cpu now() {
            double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
            double rupture = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("rupture-evaluation-"))
                    .mapToLong(t -> THREADS.getThreadCpuTime(t.threadId())).filter(c -> c > 0).sum() / 1e6;
            return new Cpu(System.nanoTime() / 1e6, jvm, rupture, mariaDbMillis(), org.groupalliance.security.internal.AuditRepository.headLockTimes());
        }

        Cpu minus(Cpu o) {
            var l = locks;
            var m = o.locks;
            return new Cpu(wallMillis - o.wallMillis, jvmMillis - o.jvmMillis, ruptureMillis - o.ruptureMillis, dbMillis - o.dbMillis,
                    new org.groupalliance.security.internal.AuditRepository.HeadLockTimes(l.locks() - m.locks(), l.waitNanos() - m.waitNanos(),
                            l.holdNanos() - m.holdNanos(), l.maxHoldNanos()));
        }

        static double mariaDbMillis() {
            return org.groupalliance.support.MariaDbProcess.cpuSeconds() * 1000;
        }
    }

    private static double pct(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        return at(values.stream().mapToDouble(Double::doubleValue).sorted().toArray(), p);
    }

    private static Map<MemberId, AttendanceStatus> allPresent(TestGroups.TestGroup g) {
        Map<MemberId, AttendanceStatus> a = new HashMap<>();
        g.members().forEach(m -> a.put(m.id(), AttendanceStatus.PRESENT));
        return a;
    }

    private static String percentiles(List<Double> millis) {
        if (millis.isEmpty()) {
            return "";
        }
        double[] v = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format("; p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms", at(v, 0.50), at(v, 0.95), at(v, 0.99), v[v.length - 1]);
    }

    /** Nearest-rank percentile. */
    private static double at(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage());
        return t.getClass().getSimpleName() + " (" + (m.length() > 80 ? m.substring(0, 80) : m) + ")";
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static double[] responses(String code, Random random) {
        return switch (code) {
            case "SESSION-ALLIANCE-4" -> new double[] {v(random), v(random), v(random), v(random)};
            case "GROUP-CLIMATE-12" -> random.ints(12, 0, 7).asDoubleStream().toArray();
            default -> random.ints(4, 1, 8).asDoubleStream().toArray();
        };
    }

    private static double v(Random random) {
        return Math.round((7 + 3 * random.nextDouble()) * 10) / 10.0;
    }
}
