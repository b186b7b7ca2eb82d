package org.groupalliance.insight.ui;

import org.groupalliance.insight.WithinPersonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.insight.GroupReportService;
import org.groupalliance.insight.InsightCsv;
import org.groupalliance.insight.MemberInsight;
import org.groupalliance.insight.MemberInsightService;
import org.groupalliance.insight.OutcomeClass;
import org.groupalliance.insight.chart.LineChart;
import org.groupalliance.insight.chart.SvgChart;
import org.groupalliance.security.Roles;

/**
 * One member's page: attendance, per instrument the member's own trajectory (total, subscales,
 * items) with the leaders' and observers' ratings of them, congruence, outcome at every timepoint
 * and session, and completeness. Every chart has its numbers as a table, as text and as CSV.
 */
@Route("groups/:groupId([0-9]{1,18})/insight/members/:memberId([0-9]{1,18})")
@RolesAllowed({Roles.ADMIN, Roles.FACILITATOR})
public class MemberInsightView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final MemberInsightService service;
    private final GroupReportService reports;
    /** The member's open alerts (member-level rules), for the group's leaders; empty for everyone else. */
    final com.vaadin.flow.component.html.Div alerts = new com.vaadin.flow.component.html.Div();
    final H2 title = new H2();
    final Anchor back = new Anchor("", "Back to what the ratings say");
    final Paragraph forms = new Paragraph();
    final Grid<MemberInsight.Attendance> attendance = new Grid<>();
    final Grid<MemberInsight.OutcomePoint> outcomes = new Grid<>();
    final Paragraph changes = new Paragraph();
    final VerticalLayout content = new VerticalLayout();
    final List<Grid<MemberInsight.Point>> pointTables = new ArrayList<>();
    final List<Grid<MemberInsight.Items>> itemTables = new ArrayList<>();
    private MemberInsight current;

    public MemberInsightView(MemberInsightService service, GroupReportService reports) {
        this.service = service;
        this.reports = reports;
        addClassName("view");
        title.setId("member-insight-title");
        back.setId("member-insight-back");
        forms.setId("member-forms");
        changes.setId("member-changes");
        content.setPadding(false);
        content.setId("member-insight-content");
        attendance.setId("member-attendance");
        attendance.addThemeVariants(GridVariant.LUMO_COMPACT);
        attendance.addColumn(MemberInsight.Attendance::session).setHeader("Session").setAutoWidth(true);
        attendance.addColumn(a -> a.date() == null ? "" : a.date().toString()).setHeader("Date").setAutoWidth(true);
        attendance.addColumn(MemberInsight.Attendance::phase).setHeader("Phase").setAutoWidth(true);
        attendance.addColumn(MemberInsight.Attendance::status).setHeader("Attendance").setAutoWidth(true);
        attendance.setAllRowsVisible(true);
        outcomes.setId("member-outcomes");
        outcomes.addThemeVariants(GridVariant.LUMO_COMPACT);
        outcomes.addColumn(MemberInsight.OutcomePoint::instrumentCode).setHeader("Outcome").setAutoWidth(true);
        outcomes.addColumn(MemberInsight.OutcomePoint::when).setHeader("When").setAutoWidth(true);
        outcomes.addColumn(o -> num(o.total())).setHeader("Score").setAutoWidth(true);
        outcomes.setAllRowsVisible(true);
        alerts.setId("member-alerts");
        add(back, title, alerts, forms, new H3("Outcome"), changes, outcomes, content, new H3("Attendance"), attendance);
    }

    /** The page's address. */
    public static String href(GroupId group, MemberId member) {
        return "groups/" + group.value() + "/insight/members/" + member.value();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        long g = event.getRouteParameters().getLong("groupId").orElseThrow(() -> new NotFoundException("Group"));
        long m = event.getRouteParameters().getLong("memberId").filter(v -> v > 0).orElseThrow(() -> new NotFoundException("Member"));
        current = service.forMember(GroupId.fromRoute(g), MemberId.of(m));
        back.setHref("groups/" + g + "/insight");
        alerts.removeAll();
        alerts.add(new AlertsPanel(GroupId.fromRoute(g), reports.openAlerts(GroupId.fromRoute(g), MemberId.of(m))));
        render();
    }

    @Override
    public String getPageTitle() {
        return (current == null ? "Member" : current.member() + ": " + current.groupName()) + " | GroupAlliance";
    }

    MemberInsight insight() {
        return current;
    }

    private void render() {
        title.setText(current.member() + " in " + current.groupName());
        forms.setText("Planned forms received: " + current.ownForms().summary() + " of their own; " + current.formsAbout().summary()
                + " about them by leaders and observers.");
        attendance.setItems(current.attendance());
        long attended = current.attendance().stream().filter(MemberInsight.Attendance::attended).count();
        attendance.getElement().setAttribute("aria-label", "Attended " + attended + " of " + current.attendance().size() + " sessions held");
        outcomes.setItems(current.outcomes());
        List<String> c = new ArrayList<>();
        for (OutcomeClass o : current.changes()) {
            c.add(o.instrumentCode() + ": " + o.label() + (o.category() == null ? "" : " (" + num(o.pre()) + " → " + num(o.post()) + ", change "
                    + signed(o.change()) + ")"));
        }
        changes.setText(c.isEmpty() ? "The plan measures no outcome at baseline and post." : "Change from baseline to post: " + String.join("; ", c) + ".");
        content.removeAll();
        pointTables.clear();
        itemTables.clear();
        for (MemberInsight.Instrument ins : current.instruments()) {
            content.add(new H3(ins.name()));
            content.add(new Paragraph(ins.higherIsWorse() ? "Higher scores are worse on this form." : "Higher scores are better on this form."));
            content.add(chart(ins.total(), "member-chart-" + ins.code()));
            var cg = ins.congruence();
            Paragraph congruence = new Paragraph(cg.pairs() == 0 ? "No session with both the member's own rating and a leader's rating of them."
                    : "Own rating minus the leaders' rating, over " + cg.pairs() + " paired session" + (cg.pairs() == 1 ? "" : "s") + ": mean "
                    + signed(cg.meanDifference()) + (Double.isNaN(cg.slope()) ? "" : ", trend " + signed(cg.slope()) + " per session") + ".");
            congruence.setId("member-congruence-" + ins.code());
            content.add(congruence);
            if (ins.withinPerson() != null) {
                Paragraph within = new Paragraph("Own rating with the outcome at the next session (within-person r, session trend removed): " + WithinPersonText.cell(ins.withinPerson())
                        + ".");
                within.setId("member-within-" + ins.code());
                content.add(within);
            }
            if (ins.subscales() != null) {
                content.add(new H4("Subscales"), chart(ins.subscales(), "member-subscales-" + ins.code()));
            }
            content.add(new Details("Charts as table", pointTable(ins)));
            content.add(new Details("Charts as text", new Pre(SvgChart.textAlternative(ins.total())
                    + (ins.subscales() == null ? "" : "\n" + SvgChart.textAlternative(ins.subscales())))));
            content.add(new Details("Item answers by session", itemTable(ins)));
            Anchor csv = csv(ins.code() + "-member.csv", InsightCsv.member(current, ins), "Download the numbers (CSV)");
            csv.setId("member-csv-" + ins.code());
            content.add(csv);
        }
        if (current.instruments().isEmpty()) {
            content.add(new Paragraph("The measurement plan has no session-by-session forms yet, so there is nothing to chart."));
        } else if (current.instruments().stream().allMatch(i -> i.withinPerson() == null)) {
            Paragraph none = new Paragraph("The plan measures no outcome at sessions, so there is no within-person correlation of this member's"
                    + " alliance with their next session's outcome.");
            none.setId("member-within");
            content.add(none);
        }
    }

    private static Div chart(LineChart chart, String id) {
        Div d = new Div();
        // as on the insight page: innerHTML of a div, so the SVG scales with its box
        d.getElement().setProperty("innerHTML", SvgChart.render(chart));
        d.addClassName("ga-chart-box");
        d.setId(id);
        return d;
    }

    private Grid<MemberInsight.Point> pointTable(MemberInsight.Instrument ins) {
        Grid<MemberInsight.Point> g = new Grid<>();
        g.setId("member-points-" + ins.code());
        g.addThemeVariants(GridVariant.LUMO_COMPACT);
        g.addColumn(MemberInsight.Point::session).setHeader("Session").setAutoWidth(true);
        g.addColumn(MemberInsight.Point::phase).setHeader("Phase").setAutoWidth(true);
        g.addColumn(MemberInsight.Point::series).setHeader("Line").setAutoWidth(true);
        g.addColumn(MemberInsight.Point::n).setHeader("n").setAutoWidth(true);
        g.addColumn(p -> num(p.value())).setHeader("Value").setAutoWidth(true);
        g.setItems(ins.points());
        g.setAllRowsVisible(true);
        pointTables.add(g);
        return g;
    }

    private Grid<MemberInsight.Items> itemTable(MemberInsight.Instrument ins) {
        Grid<MemberInsight.Items> g = new Grid<>();
        g.setId("member-items-" + ins.code());
        g.addThemeVariants(GridVariant.LUMO_COMPACT);
        g.addColumn(MemberInsight.Items::session).setHeader("Session").setAutoWidth(true).setFrozen(true);
        for (int k = 0; k < ins.itemLabels().size(); k++) {
            int i = k;
            g.addColumn(r -> i < r.responses().size() ? num(r.responses().get(i)) : "–").setHeader(ins.itemLabels().get(i)).setAutoWidth(true);
        }
        g.setItems(ins.items());
        g.setAllRowsVisible(true);
        itemTables.add(g);
        return g;
    }

    private static Anchor csv(String fileName, String text, String label) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new Anchor(DownloadHandler.fromInputStream(event -> new DownloadResponse(new java.io.ByteArrayInputStream(bytes), fileName,
                "text/csv", bytes.length)), label);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String signed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.2f", v);
    }
}
