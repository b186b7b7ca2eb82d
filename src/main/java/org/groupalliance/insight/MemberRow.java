package org.groupalliance.insight;

/**
 * One member in the members table of one instrument: sessions attended, first and latest score,
 * change (latest - first), least-squares slope per session ({@code analysis.Trajectories}), and
 * mean per phase. NaN = not computable (no or too few scores).
 */
public record MemberRow(String member, int sessionsAttended, int ratings, Integer firstSession, double first, Integer latestSession,
                        double latest, double change, double slope, double earlyMean, double middleMean, double lateMean) {
}
