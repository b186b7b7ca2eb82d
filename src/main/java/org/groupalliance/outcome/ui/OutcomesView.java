package org.groupalliance.outcome.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.analysis.ReliableChange;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.base.ui.Numbers;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.base.ui.RatingSheet;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.outcome.OutcomeChange;
import org.groupalliance.outcome.OutcomeRating;
import org.groupalliance.outcome.OutcomeService;
import org.groupalliance.outcome.PlannedOutcome;
import org.groupalliance.outcome.Timepoint;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberService;
import org.groupalliance.security.Roles;

/**
 * A group's outcomes: one sheet per outcome instrument and timepoint of the plan (baseline, post,
 * follow-ups; members' forms entered by a leader), and each member's reliable change from baseline
 * to post.
 */
@Route("outcomes")
@RolesAllowed({Roles.ADMIN, Roles.FACILITATOR})
public class OutcomesView extends VerticalLayout implements HasUrlParameter<Long>, HasDynamicTitle {

    private final OutcomeService outcomes;
    private final GroupService groups;
    private final MemberService members;
    private Group group;
    final Map<String, RatingSheet<?>> sheets = new LinkedHashMap<>();
    final Map<String, Grid<ReliableChange.Member>> changes = new LinkedHashMap<>();

    public OutcomesView(OutcomeService outcomes, GroupService groups, MemberService members) {
        this.outcomes = outcomes;
        this.groups = groups;
        this.members = members;
        addClassName("view");
    }

    @Override
    public void setParameter(BeforeEvent event, Long groupId) {
        // unknown, forbidden or impossible ids throw NotFoundException, shown by shell.RecordNotFoundView
        group = groups.get(GroupId.fromRoute(groupId));
        render();
    }

    @Override
    public String getPageTitle() {
        return group == null ? "Outcomes | GroupAlliance" : "Outcomes, " + group.name() + " | GroupAlliance";
    }

    void render() {
        removeAll();
        sheets.clear();
        changes.clear();
        H2 title = new H2("Outcomes · " + group.name());
        title.setId("outcomes-title");
        add(new Anchor("groups/" + group.id().value(), "Back to the group"), title);
        List<PlannedOutcome> planned = outcomes.planned(group.id());
        if (planned.isEmpty()) {
            Div empty = new Div();
            empty.addClassName("empty-state");
            empty.setText("The measurement plan has no outcome timepoints (baseline, post, follow-up). Add them in the group's measurement plan.");
            add(empty);
            return;
        }
        List<Member> roster = members.findByGroup(group.id());
        List<OutcomeRating> stored = outcomes.forGroup(group.id());
        // per instrument: the change summary first (what a leader looks for), then one sheet per timepoint,
        // folded away once every member's form is in
        for (PlannedOutcome p : planned) {
            InstrumentDefinition def = p.instrument();
            add(new H3(def.name()));
            addChange(def);
            for (Timepoint tp : p.timepoints()) {
                addSheet(def, tp, roster, stored);
            }
        }
    }

    private void addSheet(InstrumentDefinition def, Timepoint tp, List<Member> roster, List<OutcomeRating> stored) {
        Map<MemberId, OutcomeRating> mine = new LinkedHashMap<>();
        stored.stream().filter(r -> r.instrumentCode().equals(def.code()) && r.timepoint().equals(tp)).forEach(r -> mine.put(r.member(), r));
        List<RatingSheet.Row<MemberId>> rows = new ArrayList<>();
        for (Member m : roster) {
            OutcomeRating r = mine.get(m.id());
            rows.add(new RatingSheet.Row<>(m.code(), m.id(), true, "", r == null ? null : new RatingSheet.Stored(r.responses(), r.total(), r.version())));
        }
        RatingSheet.Spec spec = new RatingSheet.Spec(def.code(), def.items().stream().map(i -> new RatingSheet.Item(i.number(), i.label(), i.min(),
                i.max(), i.type() == InstrumentDefinition.ResponseType.VISUAL_ANALOGUE)).toList(), def.scoreWord());
        RatingSheet<MemberId> sheet = new RatingSheet<>(spec, def.name() + " · " + tp.label(), tp.key(), rows, (toSave, responses) -> {
            List<MemberForm> forms = new ArrayList<>();
            for (int i = 0; i < toSave.size(); i++) {
                RatingSheet.Row<MemberId> row = toSave.get(i);
                forms.add(new MemberForm(row.target(), responses.get(i), row.stored() == null ? null : row.stored().version()));
            }
            outcomes.record(group.id(), def.code(), tp, forms);
            Notices.saved(def.name() + " at " + tp.label().toLowerCase() + " saved");
            render();
        });
        sheets.put(def.code() + "/" + tp.key(), sheet);
        long entered = rows.stream().filter(r -> r.stored() != null).count();
        Details section = new Details(tp.label() + " · " + entered + " of " + rows.size() + " entered", sheet);
        section.setId("timepoint-" + def.code() + "-" + tp.key());
        section.setOpened(entered < rows.size());
        section.setWidthFull();
        add(section);
    }

    private void addChange(InstrumentDefinition def) {
        OutcomeChange change = outcomes.change(group.id(), def.code());
        Span heading = new Span("Change from baseline to post");
        heading.addClassName("section-label");
        add(heading);
        String rule = change.criterion() == null ? "" : "Reliable change: at least " + Numbers.score(change.criterion()) + " points"
                + (change.cutoff() == null ? "" : "; clinical range " + (change.higherIsBetter() ? "below " : "at or above ") + Numbers.score(change.cutoff()))
                + " (" + (change.higherIsBetter() ? "higher is better" : "higher is worse") + ").";
        Paragraph p = new Paragraph((rule + " " + change.note()).trim());
        p.setId("change-note-" + def.code());
        add(p);
        if (change.result() == null || change.result().perMember().stream().allMatch(m -> m.category() == null)) {
            return; // the note says what is missing
        }
        ReliableChange.Result r = change.result();
        Grid<ReliableChange.Member> grid = new Grid<>();
        grid.setId("change-" + def.code());
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(ReliableChange.Member::id).setHeader("Member").setAutoWidth(true);
        grid.addColumn(m -> Numbers.score(m.pre())).setHeader("Baseline").setAutoWidth(true);
        grid.addColumn(m -> Numbers.score(m.post())).setHeader("Post").setAutoWidth(true);
        grid.addColumn(m -> Numbers.score(m.change())).setHeader("Change").setAutoWidth(true);
        grid.addColumn(m -> m.category() != null ? m.category().name().toLowerCase() : Double.isNaN(m.pre()) ? "no baseline" : "no post yet").setHeader("Reliable change").setAutoWidth(true);
        grid.setItems(r.perMember());
        grid.setAllRowsVisible(true);
        changes.put(def.code(), grid);
        add(grid, new Paragraph("Recovered " + r.recovered() + " · improved " + r.improved() + " · unchanged " + r.unchanged()
                + " · deteriorated " + r.deteriorated()));
    }

}
