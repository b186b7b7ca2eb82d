package org.groupalliance.insight.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import org.groupalliance.base.GroupId;
import org.groupalliance.insight.Association;
import org.groupalliance.insight.Association.Choice;
import org.groupalliance.insight.Association.GroupLink;
import org.groupalliance.insight.Association.Link;
import org.groupalliance.insight.Association.Measure;
import org.groupalliance.insight.Association.Model;
import org.groupalliance.insight.Association.Outcome;
import org.groupalliance.insight.Association.Period;
import org.groupalliance.insight.Association.Pooled;
import org.groupalliance.insight.AssociationService;
import org.groupalliance.insight.AssociationSummary;
import org.groupalliance.insight.AssociationText;
import org.groupalliance.measure.InstrumentDefinition.Rater;

/**
 * "Does alliance go with improvement?": the default view's one-sentence answer, four controls
 * (measure, rater, period, outcome) and the numbers as a table: this group's correlations and
 * slopes (with n and 95 % intervals), the model pooled over the user's groups (or its status when it
 * cannot be shown as numbers), the session-level model, and the aggregation evidence with its plain
 * words. Cells wrap, so it reads at 390 px.
 */
public class AssociationPanel extends VerticalLayout {

    /** One line of the numbers table. */
    public record Row(String what, String n, String estimate, String interval, String p) {
    }

    private final AssociationService association;
    final Paragraph sentence = new Paragraph();
    final Paragraph caveat = new Paragraph();
    final Select<Measure> measure = new Select<>();
    final Select<Rater> rater = new Select<>();
    final Select<Period> period = new Select<>();
    final Select<Outcome> outcome = new Select<>();
    final Grid<Row> numbers = new Grid<>();
    final Div notes = new Div();
    private GroupId group;
    private Association.Options options;
    private boolean updating;

    public AssociationPanel(AssociationService association) {
        this.association = association;
        setId("association-panel");
        setPadding(false);
        sentence.setId("association-summary");
        caveat.setId("association-caveat");
        measure.setLabel("Measure");
        measure.setItemLabelGenerator(Measure::name);
        measure.setId("association-measure");
        rater.setLabel("Rated by");
        rater.setItemLabelGenerator(r -> switch (r) {
            case MEMBER -> "Members";
            case LEADER -> "Leaders";
            case OBSERVER -> "Observers";
        });
        rater.setId("association-rater");
        period.setLabel("Period");
        period.setItems(Period.values());
        period.setItemLabelGenerator(Period::label);
        period.setId("association-period");
        outcome.setLabel("Outcome");
        outcome.setItemLabelGenerator(Outcome::name);
        outcome.setId("association-outcome");
        FlexLayout controls = new FlexLayout(measure, rater, period, outcome);
        controls.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        controls.setAlignItems(FlexComponent.Alignment.BASELINE);
        controls.getStyle().set("gap", "var(--lumo-space-s)");
        numbers.setId("association-numbers");
        numbers.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        numbers.addColumn(Row::what).setHeader("What").setFlexGrow(3);
        numbers.addColumn(Row::n).setHeader("n").setFlexGrow(0).setWidth("3.5em");
        numbers.addColumn(Row::estimate).setHeader("Estimate").setFlexGrow(1);
        numbers.addColumn(Row::interval).setHeader("95 % CI").setFlexGrow(2);
        numbers.addColumn(Row::p).setHeader("p").setFlexGrow(0).setWidth("4.5em");
        numbers.setAllRowsVisible(true);
        notes.setId("association-notes");
        add(new H3("Does alliance go with improvement?"), sentence, caveat, controls, new H4("The numbers"), numbers, notes);
        measure.addValueChangeListener(e -> {
            if (!updating && e.getValue() != null) {
                updating = true;
                rater.setItems(e.getValue().raters().stream().sorted().toList());
                rater.setValue(e.getValue().raters().contains(Rater.MEMBER) ? Rater.MEMBER : e.getValue().raters().iterator().next());
                updating = false;
                refresh();
            }
        });
        rater.addValueChangeListener(e -> refresh());
        period.addValueChangeListener(e -> refresh());
        outcome.addValueChangeListener(e -> refresh());
    }

    /** The summary of the group shown last (its link is the default choice's). */
    private AssociationSummary shown;

    /** Shows the default view for a group: its summary sentence and the default choice's numbers. */
    public void show(GroupId groupId) {
        this.group = groupId;
        AssociationSummary summary = association.summaryFor(groupId);
        shown = summary;
        sentence.setText(summary.sentence());
        caveat.setText(summary.caveat());
        caveat.setVisible(!summary.caveat().isBlank());
        // the options the summary's default came from: the plan is read once per page
        options = summary.options();
        Choice d = options.defaultChoice();
        updating = true;
        measure.setItems(options.measures());
        outcome.setItems(options.outcomes());
        if (d != null) {
            Measure m = options.measures().stream().filter(x -> x.code().equals(d.measureCode())).findFirst().orElseThrow();
            measure.setValue(m);
            rater.setItems(m.raters().stream().sorted().toList());
            rater.setValue(d.rater());
            period.setValue(d.period());
            outcome.setValue(options.outcomes().stream().filter(o -> o.code().equals(d.outcomeCode())).findFirst().orElse(null));
        }
        updating = false;
        refresh();
    }

    /** What the group's plan offers to relate, as read by {@link #show}; null before. */
    Association.Options options() {
        return options;
    }

    /** The current choice, or null when the plan offers nothing to relate. */
    Choice choice() {
        if (measure.getValue() == null || rater.getValue() == null || period.getValue() == null) {
            return null;
        }
        return new Choice(measure.getValue().code(), rater.getValue(), period.getValue(), outcome.getValue() == null ? null : outcome.getValue().code(),
                options.sessionOutcomeCode());
    }

    private void refresh() {
        if (updating || group == null) {
            return;
        }
        Choice c = choice();
        notes.removeAll();
        if (c == null) {
            numbers.setItems(List.of());
            notes.add(new Paragraph("The measurement plan has no alliance or cohesion measure at sessions to relate to outcomes."));
            return;
        }
        List<Row> rows = new ArrayList<>();
        List<String> words = new ArrayList<>();
        // the summary computed the default choice's link already: reuse it on first show
        GroupLink link = shown != null && shown.link() != null && c.equals(shown.choice()) ? shown.link() : association.forGroup(group, c);
        for (Link l : List.of(link.gain(), link.rci())) {
            var r = l.correlation();
            rows.add(new Row("This group: r of alliance with " + l.change() + direction(outcome.getValue(), "r"), String.valueOf(r.n()),
                    AssociationText.num(r.r()), ci(r.ciLow(), r.ciHigh()), AssociationText.p(r.p())));
            var s = l.slope();
            rows.add(new Row("This group: slope of " + l.change() + " per alliance point (R² " + AssociationText.num(s.rSquared()) + ")"
                    + direction(outcome.getValue(), "slope"), String.valueOf(s.n()), AssociationText.num(s.slope()), ci(s.ciLow(), s.ciHigh()),
                    AssociationText.p(s.p())));
        }
        words.addAll(link.notes());
        Pooled pooled = association.pooled(c);
        model(rows, words, "Pooled over " + pooled.groups().size() + " group" + (pooled.groups().size() == 1 ? "" : "s") + " (member level)",
                pooled.memberModel());
        model(rows, words, "Session level (next session's outcome, session trend controlled)", pooled.sessionModel());
        var agg = pooled.aggregation();
        rows.add(new Row("ICC(1) of members' mean alliance over the period, across groups", String.valueOf(agg.groups()), AssociationText.num(agg.icc1()),
                "", ""));
        rows.add(new Row("ICC(2) (reliability of group means of members' mean alliance)", String.valueOf(agg.groups()), AssociationText.num(agg.icc2()),
                "", ""));
        for (var g : agg.perGroup()) {
            rows.add(new Row(rwgLabel(g), String.valueOf(g.n()), AssociationText.num(g.rwgJ()), "", ""));
        }
        words.addAll(agg.words());
        words.addAll(pooled.notes());
        numbers.setItems(rows);
        words.forEach(w -> notes.add(new Paragraph(w)));
    }

    private static void model(List<Row> rows, List<String> words, String title, Model m) {
        if (m == null) {
            return;
        }
        if (m.status() != Association.FitStatus.FITTED) {
            rows.add(new Row(title + ": " + statusWord(m.status()), String.valueOf(m.nObs()), "not shown", "", ""));
            words.add(title + ": " + m.message());
            return;
        }
        for (Association.Term t : m.terms()) {
            if (t.term().equals("(Intercept)")) {
                continue;
            }
            rows.add(new Row(title + ": " + t.term() + " (" + m.ddf().label() + " df " + AssociationText.num(t.df()) + ")",
                    m.nObs() + " in " + m.nGroups(), AssociationText.num(t.estimate()), ci(t.ciLow(), t.ciHigh()), AssociationText.p(t.p())));
        }
        words.add(title + ": " + m.ddfReason() + ".");
    }

    /**
     * Which sign means improvement. The residualised gain and the reliable-change index are change in
     * the outcome's own direction (post − pre, as R computes them), so their r and slope are shown
     * unturned; the label says which sign is better, as the one-sentence answer turns it
     * ({@link AssociationText}): " (PHQ-9: higher is worse, so r < 0 = more improvement)".
     */
    static String direction(Outcome o, String what) {
        if (o == null) {
            return "";
        }
        return " (" + o.name() + (o.higherIsWorse() ? ": higher is worse, so " + what + " < 0" : ": higher is better, so " + what + " > 0")
                + " = more improvement)";
    }

    /** "rwg(j), Group 1, mean over 8 sessions (group mean 4.31)": per-session agreement, averaged, and over how many sessions. */
    static String rwgLabel(Association.GroupAgreement g) {
        return "rwg(j), " + g.group() + ", mean over " + g.sessions() + " session" + (g.sessions() == 1 ? "" : "s") + " (group mean "
                + AssociationText.num(g.mean()) + ")";
    }

    private static String statusWord(Association.FitStatus s) {
        return switch (s) {
            case SINGULAR -> "singular fit";
            case NOT_CONVERGED -> "did not converge";
            case TOO_FEW -> "too few data";
            case FAILED -> "could not be fitted";
            case FITTED -> "fitted";
        };
    }

    private static String ci(double lo, double hi) {
        return Double.isNaN(lo) ? "–" : AssociationText.num(lo) + " to " + AssociationText.num(hi);
    }

    /** The rows shown (for tests and the text alternative). */
    List<Row> rows() {
        return numbers.getGenericDataView().getItems().toList();
    }

    Map<String, String> texts() {
        return Map.of("sentence", sentence.getText(), "caveat", caveat.getText());
    }
}
