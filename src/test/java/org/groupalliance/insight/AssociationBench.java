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
 * pairs, the session-level model (Satterthwaite, as from 20 groups on) and ICC/rwg(j). Run after
 * {@code ./mvnw -o test-compile}:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.groupalliance.insight.AssociationBench 500 5}.
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
        System.out.printf("%d groups, %d member-sessions%n", groups, alliance.size());
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            var means = AssociationStatistics.memberMeans(alliance, Period.WHOLE);
            var member = AssociationStatistics.memberModel(means, prePost, null);
            var pairs = AssociationStatistics.pairs(alliance, outcome, Period.WHOLE);
            var session = AssociationStatistics.sessionModel(pairs, null);
            var agg = AssociationStatistics.aggregation(means, Map.of(), 4.0);
            long t1 = System.nanoTime();
            System.out.printf("run %d: %.0f ms (member model %s %s, session model %s %s, ICC(1) %.3f)%n", r + 1, (t1 - t0) / 1e6, member.status(),
                    member.ddf(), session.status(), session.ddf(), agg.icc1());
        }
    }
}
