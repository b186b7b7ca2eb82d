package org.groupalliance.insight.ui;

import org.groupalliance.insight.WithinPersonText;
import java.util.Comparator;
import java.util.Locale;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import org.groupalliance.base.GroupId;
import org.groupalliance.insight.Association;
import org.groupalliance.insight.Congruence;
import org.groupalliance.insight.InstrumentInsight;
import org.groupalliance.insight.MemberRow;

/**
 * The members table of one instrument: every column sortable (a value that cannot be computed
 * sorts last); the member's code is a link to their page, and clicking anywhere in a row opens it.
 */
final class MembersTable extends Grid<MemberRow> {

    /** The within-person column's header: the r is computed with the session trend removed, and says so. */
    static final String WITHIN_HEADER = "Alliance → next outcome (within-person r, session trend removed)";

    MembersTable(GroupId group, InstrumentInsight ii) {
        this(group, ii, null);
    }

    /**
     * With {@code within} non-null, a last column holds each member's within-person r of their own
     * session rating with their next session's outcome, each series' linear session trend removed
     * first (the partial r controlling for the session, {@code AssociationStatistics.withinPerson};
     * n and 95 % CI; "fewer than 6 pairs").
     */
    MembersTable(GroupId group, InstrumentInsight ii, java.util.Map<org.groupalliance.base.MemberId, Association.WithinPerson> within) {
        setId("members-" + ii.instrumentCode());
        addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        setMultiSort(true);
        addComponentColumn(r -> {
            Anchor a = new Anchor(MemberInsightView.href(group, r.memberId()), r.member());
            a.setId("member-link-" + ii.instrumentCode() + "-" + r.memberId().value());
            return a;
        }).setHeader("Member").setAutoWidth(true).setFrozen(true).setComparator(MemberRow::member).setKey("member");
        addColumn(MemberRow::sessionsAttended).setHeader("Attended").setAutoWidth(true).setComparator(MemberRow::sessionsAttended).setKey("attended");
        addColumn(r -> r.latestSession() == null ? "no rating" : num(r.latest()) + " (s" + r.latestSession() + ")").setHeader("Latest")
                .setAutoWidth(true).setComparator(nanLast(MemberRow::latest)).setKey("latest");
        addColumn(r -> signed(r.change())).setHeader("Change since first").setAutoWidth(true).setComparator(nanLast(MemberRow::change)).setKey("change");
        addColumn(r -> signed(r.slope())).setHeader("Slope / session").setAutoWidth(true).setComparator(nanLast(MemberRow::slope)).setKey("slope");
        addColumn(r -> num(r.earlyMean())).setHeader("Early mean").setAutoWidth(true).setComparator(nanLast(MemberRow::earlyMean)).setKey("early");
        addColumn(r -> num(r.middleMean())).setHeader("Middle mean").setAutoWidth(true).setComparator(nanLast(MemberRow::middleMean)).setKey("middle");
        addColumn(r -> num(r.lateMean())).setHeader("Late mean").setAutoWidth(true).setComparator(nanLast(MemberRow::lateMean)).setKey("late");
        addColumn(r -> r.previousSession() == null ? "–" : signed(r.changeFromPrevious()) + " (since s" + r.previousSession() + ")")
                .setHeader("Change since previous").setAutoWidth(true).setComparator(nanLast(MemberRow::changeFromPrevious)).setKey("previous");
        addColumn(MemberRow::outcomeSummary).setHeader("Outcome change").setAutoWidth(true).setComparator(MemberRow::outcomeSummary).setKey("outcome");
        addColumn(r -> congruence(r.congruence())).setHeader("Own − leader (mean)").setAutoWidth(true)
                .setComparator(nanLast(r -> r.congruence().meanDifference())).setKey("congruence").setTextAlign(ColumnTextAlign.START);
        addColumn(r -> signed(r.congruence().slope())).setHeader("Own − leader trend / session").setAutoWidth(true)
                .setComparator(nanLast(r -> r.congruence().slope())).setKey("congruence-trend");
        if (within != null) {
            addColumn(r -> WithinPersonText.cell(within.get(r.memberId()))).setHeader(WITHIN_HEADER).setAutoWidth(true)
                    .setComparator(nanLast(r -> WithinPersonText.r(within.get(r.memberId())))).setKey("within-r");
        }
        addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate(MemberInsightView.href(group, e.getItem().memberId()))));
        setItems(ii.members());
        setAllRowsVisible(true);
    }

    /** "+1.50 (n = 4)": the mean difference and the number of paired sessions; "–" without pairs. */
    static String congruence(Congruence c) {
        return c.pairs() == 0 ? "–" : signed(c.meanDifference()) + " (n = " + c.pairs() + ")";
    }

    /** Ascending by value, NaN (not computable) after every number. */
    static Comparator<MemberRow> nanLast(java.util.function.ToDoubleFunction<MemberRow> f) {
        return (a, b) -> {
            double x = f.applyAsDouble(a);
            double y = f.applyAsDouble(b);
            return Double.isNaN(x) ? (Double.isNaN(y) ? 0 : 1) : Double.isNaN(y) ? -1 : Double.compare(x, y);
        };
    }

    static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String signed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.2f", v);
    }
}
