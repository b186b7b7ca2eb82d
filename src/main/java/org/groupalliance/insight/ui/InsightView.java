package org.groupalliance.insight.ui;

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
import org.groupalliance.base.NotFoundException;
import org.groupalliance.insight.AssociationService;
import org.groupalliance.insight.GroupInsight;
import org.groupalliance.insight.GroupReportService;
import org.groupalliance.insight.InsightCsv;
import org.groupalliance.insight.InsightService;
import org.groupalliance.insight.InstrumentInsight;
import org.groupalliance.insight.MemberInsightService;
import org.groupalliance.insight.MemberRow;
import org.groupalliance.insight.SessionPoint;
import org.groupalliance.insight.chart.SvgChart;
import org.groupalliance.security.Roles;

/**
 * What the ratings say for one group: per planned session instrument a server-rendered SVG chart
 * (decision 0010), its numbers as a table, and the members table.
 */
@Route("groups/:groupId([0-9]{1,18})/insight")
@RolesAllowed({Roles.ADMIN, Roles.FACILITATOR})
public class InsightView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final InsightService insight;
    private final GroupReportService reports;
    private final MemberInsightService memberInsight;
    final H2 title = new H2();
    final Anchor back = new Anchor("", "Back to group");
    /** Slot for rupture alerts (the rupture feature fills it); empty until then. */
    final Div alerts = new Div();
    final VerticalLayout content = new VerticalLayout();
    final List<Grid<MemberRow>> memberTables = new ArrayList<>();
    final List<Grid<SessionPoint>> pointTables = new ArrayList<>();
    final AssociationPanel association;
    private GroupInsight current;

    public InsightView(InsightService insight, GroupReportService reports, AssociationService associationService,
                       MemberInsightService memberInsight) {
        this.insight = insight;
        this.reports = reports;
        this.association = new AssociationPanel(associationService);
        this.memberInsight = memberInsight;
        addClassName("view");
        title.setId("insight-title");
        back.setId("insight-back");
        alerts.setId("insight-alerts");
        content.setPadding(false);
        content.setId("insight-content");
        add(back, title, alerts, content, association);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        long id = event.getRouteParameters().getLong("groupId").orElseThrow(() -> new NotFoundException("Group"));
        current = insight.forGroup(GroupId.fromRoute(id));
        back.setHref("groups/" + id);
        alerts.removeAll();
        alerts.add(new ReportLink(reports, current.groupId(), current.groupName()), new AlertsPanel(current.groupId(), reports.openAlerts(current.groupId())));
        // the panel first: the members tables reuse the plan options it read
        association.show(current.groupId());
        render();
    }

    @Override
    public String getPageTitle() {
        return (current == null ? "Insight" : "Insight: " + current.groupName()) + " | GroupAlliance";
    }

    GroupInsight insight() {
        return current;
    }

    private void render() {
        title.setText("What the ratings say: " + current.groupName());
        content.removeAll();
        memberTables.clear();
        pointTables.clear();
        var within = memberInsight.withinPerson(current.groupId(), association.options());
        content.add(new Paragraph(current.sessionsHeld() + " of " + current.plannedSessions() + " planned sessions held."));
        if (current.instruments().isEmpty()) {
            content.add(new Paragraph("The measurement plan has no session-by-session forms yet, so there is nothing to chart."));
        }
        for (InstrumentInsight ii : current.instruments()) {
            H3 h = new H3(ii.instrumentName());
            // the browser's own parser reads the markup inside a div, so <svg> gets the SVG namespace and scales
            // with its box (inside an Html component it stayed 480 px wide on a 360 px phone: LayoutBrowserTest)
            Div chart = new Div();
            chart.getElement().setProperty("innerHTML", SvgChart.render(ii.chart()));
            chart.addClassName("ga-chart-box");
            chart.setId("chart-" + ii.instrumentCode());
            Paragraph direction = new Paragraph(ii.higherIsWorse() ? "Higher scores are worse on this form." : "Higher scores are better on this form.");
            Details numbers = new Details("Chart as table", pointTable(ii));
            Details text = new Details("Chart as text", new Pre(SvgChart.textAlternative(ii.chart())));
            Anchor pointsCsv = csv(ii.instrumentCode() + "-sessions.csv", InsightCsv.points(ii), "Download chart numbers (CSV)");
            pointsCsv.setId("csv-points-" + ii.instrumentCode());
            Anchor membersCsv = csv(ii.instrumentCode() + "-members.csv", InsightCsv.members(ii, within.get(ii.instrumentCode())),
                    "Download members table (CSV)");
            membersCsv.setId("csv-members-" + ii.instrumentCode());
            content.add(h, direction, chart, numbers, text, pointsCsv, new H3("Members: " + ii.instrumentName()),
                    memberTable(ii, within.get(ii.instrumentCode())), membersCsv);
        }
        content.add(new CompletenessPanel(memberInsight.completeness(current.groupId())));
    }

    private Grid<SessionPoint> pointTable(InstrumentInsight ii) {
        Grid<SessionPoint> g = new Grid<>();
        g.setId("points-" + ii.instrumentCode());
        g.addThemeVariants(GridVariant.LUMO_COMPACT);
        g.addColumn(SessionPoint::session).setHeader("Session").setAutoWidth(true);
        g.addColumn(SessionPoint::phase).setHeader("Phase").setAutoWidth(true);
        g.addColumn(SessionPoint::series).setHeader("Line").setAutoWidth(true);
        g.addColumn(SessionPoint::n).setHeader("n").setAutoWidth(true);
        g.addColumn(p -> num(p.mean())).setHeader("Mean").setAutoWidth(true);
        g.addColumn(p -> num(p.sd())).setHeader("SD").setAutoWidth(true);
        g.addColumn(p -> p.n() == 0 ? "" : num(p.min()) + "–" + num(p.max())).setHeader("Range").setAutoWidth(true);
        g.setItems(ii.points());
        g.setAllRowsVisible(true);
        pointTables.add(g);
        return g;
    }

    private Grid<MemberRow> memberTable(InstrumentInsight ii, java.util.Map<org.groupalliance.base.MemberId, org.groupalliance.insight.Association.WithinPerson> within) {
        Grid<MemberRow> g = new MembersTable(current.groupId(), ii, within);
        memberTables.add(g);
        return g;
    }

    private static Anchor csv(String fileName, String text, String label) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Anchor a = new Anchor(DownloadHandler.fromInputStream(event -> new DownloadResponse(new java.io.ByteArrayInputStream(bytes), fileName,
                "text/csv", bytes.length)), label);
        return a;
    }

    static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String signed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.2f", v);
    }
}
