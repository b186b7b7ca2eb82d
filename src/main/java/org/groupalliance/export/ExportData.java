package org.groupalliance.export;

import java.time.LocalDate;
import java.util.List;

/**
 * Rows read for an export, in internal ids (never leaving the export package: the files carry
 * research ids only). Small tables are read whole; ratings are streamed.
 */
public final class ExportData {

    private ExportData() {
    }

    /** A group with what the files need about it; {@code leaderUserIds} ascending. */
    public record GroupRow(long id, long siteId, String name, String siteName, String modality, String format, int plannedSessions,
                           int earlyTo, int middleTo, List<Long> leaderUserIds) {
    }

    public record MemberRow(long id, long groupId, int joinedSession, Integer leftSession, String endStatus) {
    }

    /** A held session with the phase stored for it (early, middle, late; docs/data-model.md). */
    public record SessionRow(long id, long groupId, int number, LocalDate date, String phase) {
    }

    public record SubgroupSpan(long subgroupId, long memberId, int fromSession, Integer toSession) {
        public boolean covers(int session) {
            return session >= fromSession && (toSession == null || session <= toSession);
        }
    }

    /**
     * One stored rating: its items in order ({@code NaN} = not answered; {@code notApplicable[i]}
     * when item i+1 does not apply to this rater or target), the total (null = not scorable) and the
     * subscale scores by name in the definition's order (NaN = not scorable).
     */
    public record RatingRow(long id, long groupId, long sessionId, String instrumentCode, int instrumentVersion, String raterKind,
                            Long raterMemberId, Long raterUserId, String targetKind, Long targetMemberId, Long targetSubgroupId,
                            double[] items, boolean[] notApplicable, Double total, java.util.Map<String, Double> subscales) {
    }

    /**
     * An outcome form at baseline, post or a follow-up, with its answers: {@code items[i]} is item
     * i + 1's value, NaN when not answered; {@code notApplicable[i]} marks an item marked not applicable.
     */
    public record OutcomeRow(long memberId, long groupId, String instrumentCode, int instrumentVersion, String timepoint, int followUpWeek,
                             Double total, double[] items, boolean[] notApplicable) {
    }

    /**
     * A rupture record's structured fields (never its notes or plan text): the rule of the alert it
     * was opened from (null: opened by hand), with whom, marker, sessions, plan's place, state,
     * outcome and which of the eight repair steps are ticked ({@code stepsDone[0]} = step 1).
     */
    public record RuptureRow(long id, long groupId, String alertRule, String withKind, Long memberId, Long subgroupId, String marker,
                             int noticedSession, String planWhere, String state, String outcome, Integer closedSession, boolean[] stepsDone) {
    }

    /** The means a centred score needs, keyed by research-free internal keys. */
    public record MeanKey(String scope, long id, String instrumentCode, String raterKind) {
    }
}
