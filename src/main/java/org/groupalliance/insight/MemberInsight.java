package org.groupalliance.insight;

import java.time.LocalDate;
import java.util.List;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.capture.ExpectedForms;
import org.groupalliance.insight.chart.LineChart;

/**
 * One member's page: attendance at every held session, per session instrument the member's own
 * trajectory (total, subscales, items) with the leaders' and observers' ratings of them overlaid,
 * outcome at every timepoint and session, the change class of each outcome, and how many of the
 * planned forms came back. {@code member} is the code, with the display name only for the group's
 * own leaders.
 */
public record MemberInsight(GroupId groupId, String groupName, MemberId memberId, String member, int plannedSessions, List<Attendance> attendance,
                            List<Instrument> instruments, List<OutcomePoint> outcomes, List<OutcomeClass> changes, ExpectedForms.Count ownForms,
                            ExpectedForms.Count formsAbout) {

    public MemberInsight {
        attendance = List.copyOf(attendance);
        instruments = List.copyOf(instruments);
        outcomes = List.copyOf(outcomes);
        changes = List.copyOf(changes);
    }

    /** The member at one held session: "Present", "Absent", ..., "not taken" (attendance not recorded) or "not in the group". */
    public record Attendance(int session, LocalDate date, String phase, String status, boolean attended) {
    }

    /**
     * One instrument: the total chart (own, leaders, observers), the subscale chart (null without
     * subscales), exactly the numbers both draw ({@code points}), the member's item responses by
     * session, the congruence of own and leaders' totals, and the within-person correlation of the
     * member's own rating with their outcome at the next session ({@code withinPerson}: null when
     * the instrument is not an alliance or cohesion measure the member rates or the plan measures no
     * outcome at sessions; without a correlation when there are fewer than 6 pairs).
     */
    public record Instrument(String code, String name, boolean higherIsWorse, LineChart total, LineChart subscales, List<Point> points,
                             List<String> itemLabels, List<Items> items, Congruence congruence, Association.WithinPerson withinPerson) {
        public Instrument {
            points = List.copyOf(points);
            itemLabels = List.copyOf(itemLabels);
            items = List.copyOf(items);
        }
    }

    /** One drawn value: chart ("total" or "subscales"), line, session, phase, value (NaN = no data, a gap), n behind it. */
    public record Point(String chart, String series, int session, String phase, double value, int n) {
    }

    /** The member's own item responses at one session (NaN = missing or not applicable). */
    public record Items(int session, List<Double> responses) {
        public Items {
            responses = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(responses));
        }
    }

    /** An outcome score: at a timepoint (baseline, post, follow-up) or at a session ({@code session} non-null). */
    public record OutcomePoint(String instrumentCode, String when, Integer session, double total) {
    }
}
