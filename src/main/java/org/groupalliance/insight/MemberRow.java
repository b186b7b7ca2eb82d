package org.groupalliance.insight;

import java.util.List;

import org.groupalliance.base.MemberId;

/**
 * One member in the members table of one instrument: sessions attended, first and latest score,
 * change (latest - first), least-squares slope per session ({@code analysis.Trajectories}), and
 * mean per phase; the change since the member's previous rating ({@code latest - previous});
 * the congruence of their own rating with the leaders' rating of them ({@link Congruence}) and the
 * change class of every outcome in the plan ({@link OutcomeClass}, from the outcome feature).
 * NaN = not computable (no or too few scores).
 */
public record MemberRow(String member, int sessionsAttended, int ratings, Integer firstSession, double first, Integer latestSession,
                        double latest, double change, double slope, double earlyMean, double middleMean, double lateMean,
                        MemberId memberId, Integer previousSession, double changeFromPrevious, Congruence congruence, List<OutcomeClass> outcomes) {
    public MemberRow {
        congruence = congruence == null ? Congruence.NONE : congruence;
        outcomes = List.copyOf(outcomes);
    }

    /** A row without member id, previous rating, congruence or outcome (as the table had before them). */
    public MemberRow(String member, int sessionsAttended, int ratings, Integer firstSession, double first, Integer latestSession, double latest,
                     double change, double slope, double earlyMean, double middleMean, double lateMean) {
        this(member, sessionsAttended, ratings, firstSession, first, latestSession, latest, change, slope, earlyMean, middleMean, lateMean, null, null,
                Double.NaN, Congruence.NONE, List.of());
    }

    /** The outcome change classes as one cell: "CORE-10 improved; PHQ-9 no post score"; empty when the plan has no outcome. */
    public String outcomeSummary() {
        return String.join("; ", outcomes.stream().map(o -> o.instrumentCode() + " " + o.label()).toList());
    }
}
