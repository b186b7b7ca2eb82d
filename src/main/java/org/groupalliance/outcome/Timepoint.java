package org.groupalliance.outcome;

/**
 * An outcome timepoint outside the sessions: baseline (before the first session), post (after the
 * last) or a follow-up {@code week}s after the last session (week is 0 for baseline and post).
 */
public record Timepoint(Kind kind, int week) {

    /** The kinds of timepoint. */
    public enum Kind { BASELINE, POST, FOLLOW_UP }

    public Timepoint {
        if (kind == null || (kind == Kind.FOLLOW_UP) != (week >= 1) || week < 0) {
            throw new IllegalArgumentException("A follow-up has a week >= 1; baseline and post have week 0");
        }
    }

    public static Timepoint baseline() {
        return new Timepoint(Kind.BASELINE, 0);
    }

    public static Timepoint post() {
        return new Timepoint(Kind.POST, 0);
    }

    public static Timepoint followUp(int week) {
        return new Timepoint(Kind.FOLLOW_UP, week);
    }

    public String label() {
        return switch (kind) {
            case BASELINE -> "Baseline";
            case POST -> "Post";
            case FOLLOW_UP -> "Follow-up " + week + (week == 1 ? " week" : " weeks");
        };
    }

    /** A short key for element ids and audit entries: BASELINE, POST, FU12. */
    public String key() {
        return kind == Kind.FOLLOW_UP ? "FU" + week : kind.name();
    }
}
