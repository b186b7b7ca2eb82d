package org.groupalliance.insight;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.groupalliance.insight.Association.Period;
import org.groupalliance.insight.AssociationStatistics.AllianceObs;
import org.groupalliance.insight.AssociationStatistics.OutcomeObs;
import org.groupalliance.insight.AssociationStatistics.PrePost;
import org.groupalliance.roster.Phase;

/**
 * Bench command (not a test): the pooled association's statistics over G groups of 12 members × 10
 * sessions (500 groups = 60,000 member-sessions): member means, the member-level model, session
 * pairs, the session-level model (Satterthwaite, as from 20 groups on) and ICC/rwg(j), each step
 * timed, then the estimates to 17 digits (to check that a faster version leaves the numbers alone).
 * It needs only the compiled classes and Commons Math (docs/benchmarks.md):
 * {@code ./mvnw -o -q test-compile && java -cp target/classes:target/test-classes:$HOME/.m2/repository/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar org.groupalliance.insight.AssociationBench 500 5}.
 */
public final class AssociationBench {

    private AssociationBench() {
    }

    public static void main(String[] args) {
        int groups = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Random rnd = new Random(10);
        List<AllianceObs> alliance = new ArrayList<>();
        List<OutcomeObs> outcome = new ArrayList<>();
        Map<String, PrePost> prePost = new HashMap<>();
        for (int g = 0; g < groups; g++) {
            double ug = rnd.nextGaussian() * 0.5;
            for (int m = 0; m < 12; m++) {
                String member = g + "/" + m;
                double level = 4.5 + ug + rnd.nextGaussian() * 0.6;
                for (int s = 1; s <= 10; s++) {
                    double[] items = new double[4];
                    for (int i = 0; i < 4; i++) {
                        items[i] = Math.max(1, Math.min(7, Math.round(level + rnd.nextGaussian() * 0.7)));
                    }
                    alliance.add(new AllianceObs(String.valueOf(g), member, s, s <= 3 ? Phase.EARLY : s <= 7 ? Phase.MIDDLE : Phase.LATE,
                            (items[0] + items[1] + items[2] + items[3]) / 4, items));
                    outcome.add(new OutcomeObs(String.valueOf(g), member, s, 20 + 3 * level + ug * 4 + rnd.nextGaussian() * 2));
                }
                double pre = 15 + rnd.nextGaussian() * 3;
                prePost.put(member, new PrePost(member, pre, pre * 0.5 - 2 * level + ug * 3 + 12 + rnd.nextGaussian() * 3));
            }
        }
        System.out.printf("%d groups, %d member-sessions; load average (1 min) %.1f on %d cores%n", groups, alliance.size(), load(),
                Runtime.getRuntime().availableProcessors());
        double[] total = new double[runs];
        String numbers = null;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            var means = AssociationStatistics.memberMeans(alliance, Period.WHOLE);
            long t1 = System.nanoTime();
            var member = AssociationStatistics.memberModel(means, prePost, null);
            long t2 = System.nanoTime();
            var pairs = AssociationStatistics.pairs(alliance, outcome, Period.WHOLE);
            long t3 = System.nanoTime();
            var session = AssociationStatistics.sessionModel(pairs, null);
            long t4 = System.nanoTime();
            var agg = AssociationStatistics.aggregation(means, Map.of(), 4.0);
            long t5 = System.nanoTime();
            total[r] = (t5 - t0) / 1e6;
            System.out.printf("run %d: %.0f ms (member means %.0f, member model %.0f, pairs %.0f, session model %.0f, ICC/rwg %.0f; member model %s %s,"
                            + " session model %s %s, ICC(1) %.3f)%n", r + 1, total[r], (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
                    (t4 - t3) / 1e6, (t5 - t4) / 1e6, member.status(), member.ddf(), session.status(), session.ddf(), agg.icc1());
            numbers = fingerprint(member) + " | " + fingerprint(session) + String.format(" | ICC %.17g %.17g", agg.icc1(), agg.icc2());
        }
        double[] sorted = total.clone();
        java.util.Arrays.sort(sorted);
        System.out.printf("median %.0f ms, best %.0f ms of %d runs; load average (1 min) now %.1f%n", sorted[(runs - 1) / 2], sorted[0], runs, load());
        // every estimate to 17 digits, so that a change of the code can be checked to leave the numbers alone
        System.out.println("numbers: " + numbers);
    }

    private static String fingerprint(Association.Model m) {
        StringBuilder b = new StringBuilder();
        for (Association.Term t : m.terms()) {
            b.append(String.format("%s %.17g %.17g %.17g %.17g; ", t.term(), t.estimate(), t.se(), t.df(), t.p()));
        }
        return b.toString();
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
