package org.groupalliance.insight;

import java.util.List;
import java.util.Locale;

/**
 * Exactly the numbers a chart and a members table show, as CSV (RFC 4180, comma, header row, full
 * double precision, empty field = no value).
 */
public final class InsightCsv {

    private InsightCsv() {
    }

    /** The chart's table view: one row per line and session. */
    public static String points(InstrumentInsight ii) {
        StringBuilder s = new StringBuilder("instrument,line,session,phase,n,mean,sd,min,max\r\n");
        for (SessionPoint p : ii.points()) {
            row(s, List.of(ii.instrumentCode(), p.series(), String.valueOf(p.session()), p.phase(), String.valueOf(p.n()), num(p.mean()), num(p.sd()),
                    num(p.min()), num(p.max())));
        }
        return s.toString();
    }

    /** The members table. */
    public static String members(InstrumentInsight ii) {
        return members(ii, null);
    }

    /**
     * The members table with the within-person correlation of each member's own session rating with
     * their outcome at the next session, each series' linear session trend removed (partial r; pairs, r,
     * 95 % CI, p; r empty below 6 pairs; the column names say "partial" so that files written before the
     * trend was removed, with a raw r, are not merged with these unnoticed). {@code within}
     * null: the columns are left out (the instrument is no alliance measure or the plan has no
     * session outcome).
     */
    public static String members(InstrumentInsight ii, java.util.Map<org.groupalliance.base.MemberId, Association.WithinPerson> within) {
        StringBuilder s = new StringBuilder("instrument,member,sessions_attended,ratings,first_session,first,latest_session,latest,change,"
                + "slope_per_session,early_mean,middle_mean,late_mean,previous_session,change_from_previous,outcome_change,"
                + "congruence_pairs,congruence_mean_own_minus_leader,congruence_sd,congruence_slope_per_session"
                + (within == null ? "" : ",within_pairs,within_partial_r_alliance_next_outcome_session_removed,within_partial_r_ci_low,within_partial_r_ci_high,"
                        + "within_partial_r_p") + "\r\n");
        for (MemberRow r : ii.members()) {
            Congruence c = r.congruence();
            List<String> fields = new java.util.ArrayList<>(List.of(ii.instrumentCode(), r.member(), String.valueOf(r.sessionsAttended()), String.valueOf(r.ratings()),
                    r.firstSession() == null ? "" : String.valueOf(r.firstSession()), num(r.first()),
                    r.latestSession() == null ? "" : String.valueOf(r.latestSession()), num(r.latest()), num(r.change()), num(r.slope()),
                    num(r.earlyMean()), num(r.middleMean()), num(r.lateMean()), r.previousSession() == null ? "" : String.valueOf(r.previousSession()),
                    num(r.changeFromPrevious()), r.outcomeSummary(), String.valueOf(c.pairs()), num(c.meanDifference()), num(c.sdDifference()),
                    num(c.slope())));
            if (within != null) {
                Association.WithinPerson w = within.get(r.memberId());
                Association.Correlation k = w == null ? null : w.correlation();
                fields.addAll(List.of(String.valueOf(w == null ? 0 : w.pairs()), k == null ? "" : num(k.r()), k == null ? "" : num(k.ciLow()),
                        k == null ? "" : num(k.ciHigh()), k == null ? "" : num(k.p())));
            }
            row(s, fields);
        }
        return s.toString();
    }

    /**
     * Exactly the numbers of one instrument on a member's page: every drawn point of the total and
     * subscale charts, the item answers, and the paired sessions behind congruence.
     */
    public static String member(MemberInsight m, MemberInsight.Instrument ins) {
        StringBuilder s = new StringBuilder("member,instrument,table,line,session,phase,n,value\r\n");
        for (MemberInsight.Point p : ins.points()) {
            row(s, List.of(m.member(), ins.code(), p.chart(), p.series(), String.valueOf(p.session()), p.phase(), String.valueOf(p.n()), num(p.value())));
        }
        for (MemberInsight.Items it : ins.items()) {
            for (int i = 0; i < it.responses().size(); i++) {
                row(s, List.of(m.member(), ins.code(), "items", ins.itemLabels().get(i), String.valueOf(it.session()), "", "1", num(it.responses().get(i))));
            }
        }
        for (Congruence.Pair p : ins.congruence().perSession()) {
            row(s, List.of(m.member(), ins.code(), "congruence", "own minus leader", String.valueOf(p.session()), "", String.valueOf(p.leaders()),
                    num(p.difference())));
        }
        Association.WithinPerson w = ins.withinPerson();
        if (w != null) {
            Association.Correlation k = w.correlation();
            String n = String.valueOf(w.pairs());
            row(s, List.of(m.member(), ins.code(), "within-person", "r with next session outcome, session trend removed", "", "", n, k == null ? "" : num(k.r())));
            row(s, List.of(m.member(), ins.code(), "within-person", "95 % CI low", "", "", n, k == null ? "" : num(k.ciLow())));
            row(s, List.of(m.member(), ins.code(), "within-person", "95 % CI high", "", "", n, k == null ? "" : num(k.ciHigh())));
        }
        return s.toString();
    }

    private static void row(StringBuilder s, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append(field(fields.get(i)));
        }
        s.append("\r\n");
    }

    static String field(String v) {
        // a leading =, +, - or @ would be run as a formula by spreadsheets: prefixed with '
        String safe = !v.isEmpty() && "=+@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v).replace('E', 'e').toLowerCase(Locale.ROOT);
    }
}
