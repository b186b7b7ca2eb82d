package org.groupalliance.roster;

import org.groupalliance.base.Validator;

/**
 * Early, middle and late phase as inclusive session-number ranges. Valid boundaries are
 * contiguous and ordered: early starts at 1, each phase starts right after the previous one ends,
 * none is empty, and late ends at the last planned session.
 */
public record PhaseBoundaries(int earlyFrom, int earlyTo, int middleFrom, int middleTo, int lateFrom, int lateTo) {

    /**
     * The default: thirds of the planned sessions, early = 1..round(P/3), middle = ..round(2P/3),
     * late = ..P. For 12 sessions: 1-4, 5-8, 9-12; for 10: 1-3, 4-7, 8-10.
     */
    public static PhaseBoundaries thirds(int plannedSessions) {
        int p = Math.max(3, plannedSessions);
        int earlyTo = (int) Math.round(p / 3.0);
        int middleTo = (int) Math.round(2 * p / 3.0);
        return new PhaseBoundaries(1, earlyTo, earlyTo + 1, middleTo, middleTo + 1, p);
    }

    /** The phase a session falls in; sessions past the late range count as late. */
    public Phase phaseOf(int sessionNumber) {
        if (sessionNumber <= earlyTo) {
            return Phase.EARLY;
        }
        return sessionNumber <= middleTo ? Phase.MIDDLE : Phase.LATE;
    }

    /** Adds a message per broken rule, keyed by the component that should change. */
    void validate(int plannedSessions, Validator v) {
        v.check(earlyFrom == 1, "earlyFrom", "The early phase must start at session 1");
        v.check(earlyTo >= earlyFrom, "earlyTo", "The early phase must not be empty: its last session must be at or after its first");
        v.check(middleFrom == earlyTo + 1, "middleFrom", middleFrom <= earlyTo
                ? "Phases must not overlap: the middle phase must start at session " + (earlyTo + 1) + ", right after the early phase"
                : "Phases must be contiguous: the middle phase must start at session " + (earlyTo + 1) + ", right after the early phase");
        v.check(middleTo >= middleFrom, "middleTo", "The middle phase must not be empty: its last session must be at or after its first");
        v.check(lateFrom == middleTo + 1, "lateFrom", lateFrom <= middleTo
                ? "Phases must not overlap: the late phase must start at session " + (middleTo + 1) + ", right after the middle phase"
                : "Phases must be contiguous: the late phase must start at session " + (middleTo + 1) + ", right after the middle phase");
        v.check(lateTo >= lateFrom, "lateTo", "The late phase must not be empty: its last session must be at or after its first");
        v.check(lateTo == plannedSessions, "lateTo", "The late phase must end at the last planned session (" + plannedSessions + ")");
    }

    @Override
    public String toString() {
        return earlyFrom + "-" + earlyTo + " / " + middleFrom + "-" + middleTo + " / " + lateFrom + "-" + lateTo;
    }
}
