package org.groupalliance.insight;

import java.util.List;
import java.util.Set;

import org.groupalliance.analysis.MixedModel;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.Phase;

/**
 * The records of the alliance–outcome link ({@link AssociationService}). Every estimate carries its
 * n and its 95 % interval; p is never shown alone. NaN = not computable (the accompanying note
 * says why).
 */
public final class Association {

    private Association() {
    }

    /** Which sessions' alliance ratings count: one phase or the whole course. */
    public enum Period {
        WHOLE("Whole course"), EARLY("Early"), MIDDLE("Middle"), LATE("Late");

        private final String label;

        Period(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether a session of this phase belongs to the period. */
        public boolean includes(Phase phase) {
            return this == WHOLE || name().equals(phase.name());
        }
    }

    /**
     * What to relate: an alliance or cohesion measure (a session instrument) as rated by whom, over
     * which period, against which baseline/post outcome instrument; {@code sessionOutcomeCode} is the
     * outcome measured at sessions (null when the plan has none) for the session-level analyses.
     */
    public record Choice(String measureCode, Rater rater, Period period, String outcomeCode, String sessionOutcomeCode) {
        public Choice {
            if (measureCode == null || measureCode.isBlank()) {
                throw new IllegalArgumentException("measure: choose an alliance or cohesion measure");
            }
            if (rater == null) {
                throw new IllegalArgumentException("rater: choose member, leader or observer");
            }
            if (period == null) {
                throw new IllegalArgumentException("period: choose early, middle, late or the whole course");
            }
        }
    }

    /** An instrument the user can choose, with the raters the plan asks for it. */
    public record Measure(String code, String name, Set<Rater> raters) {
        public Measure {
            raters = Set.copyOf(raters);
        }
    }

    /** An outcome instrument with baseline and post in the plan. */
    public record Outcome(String code, String name, boolean higherIsWorse, Double reliableChange) {
    }

    /** The choices a group's plan offers and the default (first measure, members' ratings, whole course, first outcome). */
    public record Options(List<Measure> measures, List<Outcome> outcomes, String sessionOutcomeCode, Choice defaultChoice) {
        public Options {
            measures = List.copyOf(measures);
            outcomes = List.copyOf(outcomes);
        }
    }

    /**
     * Pearson's r with its Fisher-z 95 % interval and two-sided p, as R's {@code cor.test}
     * ({@link org.groupalliance.analysis.Correlation}); NaN below three pairs (interval below four).
     */
    public record Correlation(int n, double r, double ciLow, double ciHigh, double p) {
        static final Correlation NONE_0 = new Correlation(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** The slope of y on alliance with its 95 % interval and p, and R² ({@link org.groupalliance.analysis.BivariateRegression}). */
    public record Slope(int n, double slope, double se, double ciLow, double ciHigh, double p, double rSquared) {
    }

    /** Alliance against one way of measuring change: the correlation and the regression. */
    public record Link(String change, Correlation correlation, Slope slope) {
    }

    /**
     * Within-group agreement of one group's members on the measure: members rated (n), their mean
     * alliance, and rwg(j) as the mean over {@code sessions} sessions of the rwg(j) of the members'
     * responses at each session (NaN with 0 sessions).
     */
    public record GroupAgreement(String group, int n, double mean, double rwgJ, int sessions) {
    }

    /**
     * Evidence that group means stand for the group: ICC(1) and ICC(2) of the members' mean
     * ratings over the period across the groups (NaN with fewer than two groups), rwg(j) per group
     * (mean over sessions), and plain words
     * where aggregation is not supported (ICC(1) < .05, rwg(j) < .70).
     */
    public record Aggregation(int groups, double icc1, double icc2, List<GroupAgreement> perGroup, List<String> words) {
        public Aggregation {
            perGroup = List.copyOf(perGroup);
            words = List.copyOf(words);
        }
    }

    /** How a multilevel fit ended; only {@code FITTED} models show numbers. */
    public enum FitStatus { FITTED, SINGULAR, NOT_CONVERGED, TOO_FEW, FAILED }

    /** A fixed effect of a multilevel model with n-free inference (the model's n is on the model). */
    public record Term(String term, double estimate, double se, double df, double p, double ciLow, double ciHigh) {
    }

    /**
     * A multilevel model: its formula, the df method used and why, observations and groups, the
     * terms (empty unless {@code FITTED}), the message for anything else, and the engine's fit
     * (null when there is none) for those who check the numbers.
     */
    public record Model(String formula, MixedModel.Ddf ddf, String ddfReason, int nObs, int nGroups, FitStatus status, String message,
                        List<Term> terms, MixedModel.Result fit) {
        public Model {
            terms = List.copyOf(terms);
        }

        public java.util.Optional<Term> term(String name) {
            return terms.stream().filter(t -> t.term().equals(name)).findFirst();
        }
    }

    /** One member's alliance mean over the period, outcome before and after, residualised gain and RCI. */
    public record MemberLink(String member, int sessions, double alliance, double pre, double post, double residualisedGain, double rci) {
    }

    /**
     * The link in one group: member-level points, alliance against the residualised gain and against
     * the reliable-change index, the group's agreement, and notes (small sample, missing data).
     */
    public record GroupLink(Choice choice, String groupName, int membersWithAlliance, int membersComplete, List<MemberLink> members, Link gain,
                            Link rci, GroupAgreement agreement, boolean description, List<String> notes) {
        public GroupLink {
            members = List.copyOf(members);
            notes = List.copyOf(notes);
        }
    }

    /**
     * A member's within-person correlation of session alliance with the next session's outcome with
     * the member's linear session trend removed from both (partial r controlling for the session;
     * its t test on pairs - 3 df; needs >= 6 pairs; see {@code AssociationStatistics.withinPerson}).
     */
    public record WithinPerson(int pairs, Correlation correlation, String note) {
    }

    /**
     * Pooled over the groups the user may see: the member-level model
     * {@code outcome_post ~ alliance_within + alliance_between + outcome_pre + (1 | group)}, the
     * session-level model {@code next_outcome ~ alliance_within + alliance_between + session + (1 | group/member)}
     * (null without a session outcome), aggregation evidence and notes.
     */
    public record Pooled(Choice choice, List<String> groups, int members, Model memberModel, Model sessionModel, Aggregation aggregation,
                         boolean description, List<String> notes) {
        public Pooled {
            groups = List.copyOf(groups);
            notes = List.copyOf(notes);
        }
    }
}
