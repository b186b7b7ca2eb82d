package org.groupalliance.capture;

import java.util.List;
import java.util.Set;

import org.groupalliance.roster.Phase;

/**
 * At which sessions an instrument is due: every session; every k-th session starting at session 1
 * (1, 1 + k, 1 + 2k, ...); at listed session numbers; in listed phases; or at no session (an
 * outcome measured only at its timepoints).
 */
public record Schedule(Kind kind, Integer everyK, List<Integer> sessions, Set<Phase> phases) {

    /** The kinds of schedule. */
    public enum Kind { EVERY_SESSION, EVERY_KTH, SESSIONS, PHASES, NONE }

    public Schedule {
        sessions = sessions == null ? List.of() : List.copyOf(sessions.stream().sorted().distinct().toList());
        phases = phases == null ? Set.of() : Set.copyOf(phases);
    }

    public static Schedule everySession() {
        return new Schedule(Kind.EVERY_SESSION, null, List.of(), Set.of());
    }

    /** Whether the instrument is due at a session with this number, in this phase. */
    public boolean isDue(int sessionNumber, Phase phase) {
        return switch (kind) {
            case EVERY_SESSION -> true;
            case EVERY_KTH -> everyK != null && everyK > 0 && (sessionNumber - 1) % everyK == 0;
            case SESSIONS -> sessions.contains(sessionNumber);
            case PHASES -> phases.contains(phase);
            case NONE -> false;
        };
    }

    private static String ordinal(Integer k) {
        if (k == null) {
            return "k-th";
        }
        int mod100 = k % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (k % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return k + suffix;
    }

    public String describe() {
        return switch (kind) {
            case EVERY_SESSION -> "every session";
            case EVERY_KTH -> "every " + ordinal(everyK) + " session (1, " + (1 + everyK) + ", " + (1 + 2 * everyK) + ", ...)";
            case SESSIONS -> "sessions " + sessions.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
            case PHASES -> "every session in the " + phases.stream().sorted().map(p -> p.label().toLowerCase()).reduce((a, b) -> a + " and " + b).orElse("")
                    + " phase" + (phases.size() > 1 ? "s" : "");
            case NONE -> "at its timepoints only";
        };
    }
}
