package org.groupalliance.rupture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.groupalliance.analysis.Descriptives;

/**
 * What the alerts and rupture records add up to, for one group or pooled over groups (descriptive,
 * with n; structured fields only, never notes). Sessions to resolution: the session the outcome
 * was reached in minus the session the rupture was noticed in, over closed records.
 */
public record RuptureSummary(String label, int groups, int alerts, int records, int notClosed, int repaired, int unrepaired, int plannedEnding,
                             int droppedOut, int resolvedN, double sessionsToResolutionMean, double sessionsToResolutionMedian,
                             List<StepCount> steps) {

    public RuptureSummary {
        steps = List.copyOf(steps);
    }

    /** How many repaired and how many unrepaired records had step {@code step} ticked. */
    public record StepCount(int step, int repaired, int unrepaired) {
    }

    public static RuptureSummary of(String label, int groups, int alerts, List<Rupture> records) {
        int notClosed = 0;
        int[] outcomes = new int[Rupture.Outcome.values().length];
        List<Double> toResolution = new ArrayList<>();
        int[][] steps = new int[8][2];
        for (Rupture r : records) {
            if (r.state() != Rupture.State.CLOSED) {
                notClosed++;
                continue;
            }
            outcomes[r.outcome().ordinal()]++;
            toResolution.add((double) (r.closedSession() - r.noticedSession()));
            int column = r.outcome() == Rupture.Outcome.REPAIRED ? 0 : r.outcome() == Rupture.Outcome.UNREPAIRED ? 1 : -1;
            if (column >= 0) {
                r.steps().stream().filter(Rupture.Step::done).forEach(s -> steps[s.step() - 1][column]++);
            }
        }
        double[] t = toResolution.stream().mapToDouble(Double::doubleValue).toArray();
        Descriptives.Summary d = Descriptives.of(t);
        List<StepCount> counts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            counts.add(new StepCount(i + 1, steps[i][0], steps[i][1]));
        }
        return new RuptureSummary(label, groups, alerts, records.size(), notClosed, outcomes[Rupture.Outcome.REPAIRED.ordinal()],
                outcomes[Rupture.Outcome.UNREPAIRED.ordinal()], outcomes[Rupture.Outcome.PLANNED_ENDING.ordinal()],
                outcomes[Rupture.Outcome.DROPPED_OUT.ordinal()], t.length, d.mean(), median(t), counts);
    }

    private static double median(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
