package org.groupalliance.export.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.base.ValidationException;
import org.groupalliance.export.ExportCounts;
import org.groupalliance.export.ExportFilter;
import org.groupalliance.export.ExportService;
import org.groupalliance.export.ExportableGroup;
import org.groupalliance.security.Roles;

/**
 * The research export: choose sites, groups, a date range and instruments, see what the export
 * will hold, download one zip. Researchers see every group of their site, facilitators their own
 * groups, admins all (the service decides; this page only shows its answer).
 */
@Route("export")
@PageTitle("Export | GroupAlliance")
@Menu(order = 60, title = "Export")
@RolesAllowed({Roles.ADMIN, Roles.FACILITATOR, Roles.RESEARCHER})
public class ExportView extends VerticalLayout {

    private final ExportService exports;
    final MultiSelectComboBox<String> sites = new MultiSelectComboBox<>("Sites");
    final MultiSelectComboBox<ExportableGroup> groups = new MultiSelectComboBox<>("Groups");
    final DatePicker from = new DatePicker("Sessions from");
    final DatePicker to = new DatePicker("Sessions to");
    final MultiSelectComboBox<String> instruments = new MultiSelectComboBox<>("Instruments");
    final Paragraph counts = new Paragraph();
    final Anchor download = new Anchor();

    public ExportView(ExportService exports) {
        this.exports = exports;
        addClassName("view");
        List<ExportableGroup> available = exports.groups();
        Map<String, String> siteNames = new LinkedHashMap<>();
        available.forEach(g -> siteNames.put(g.siteResearchId(), g.siteName()));

        sites.setId("export-sites");
        sites.setItems(siteNames.keySet());
        sites.setItemLabelGenerator(id -> siteNames.get(id) + " (" + id + ")");
        sites.setHelperText("none chosen: all");
        groups.setId("export-groups");
        groups.setItems(available);
        groups.setItemLabelGenerator(g -> g.name() + " · " + g.siteName() + " (" + g.researchId() + ")");
        groups.setHelperText("none chosen: all you may export");
        from.setId("export-from");
        to.setId("export-to");
        instruments.setId("export-instruments");
        instruments.setItems(exports.instrumentCodes());
        instruments.setHelperText("none chosen: all");
        counts.setId("export-counts");

        download.setId("export-download");
        download.setText("Download zip");
        download.getElement().setAttribute("download", true);
        download.addClassName("primary-link");
        download.setHref(zipHandler());

        sites.addValueChangeListener(e -> refresh());
        groups.addValueChangeListener(e -> refresh());
        from.addValueChangeListener(e -> refresh());
        to.addValueChangeListener(e -> refresh());
        instruments.addValueChangeListener(e -> refresh());

        FormLayout form = new FormLayout(sites, groups, from, to, instruments);
        form.setMaxWidth("900px");
        add(new H2("Export"),
                new Paragraph("Analysis-ready files with syntax for R, SPSS, Stata, Mplus and HLM: long (member × session × instrument × "
                        + "rater), wide (one row per member), group-session, target ratings, ruptures (structured fields only) and a codebook, "
                        + "with a README. Every id is a research id; the files hold no names, no free text and no calendar dates."),
                form, counts, download);
        if (available.isEmpty()) {
            counts.setText("There is no group you may export.");
            download.setEnabled(false);
        } else {
            refresh();
        }
    }

    /** The filter as chosen on the page. */
    ExportFilter filter() {
        Set<String> groupIds = groups.getValue().stream().map(ExportableGroup::researchId).collect(Collectors.toSet());
        return new ExportFilter(sites.getValue(), groupIds, from.getValue(), to.getValue(), instruments.getValue());
    }

    void refresh() {
        try {
            ExportCounts c = exports.count(filter());
            counts.setText("This export holds " + c.groups() + " groups, " + c.members() + " members, " + c.sessions() + " sessions, "
                    + c.ratings() + " ratings and " + c.outcomeForms() + " outcome forms.");
            download.setEnabled(c.groups() > 0);
        } catch (ValidationException e) {
            counts.setText(e.getMessage());
            download.setEnabled(false);
        }
    }

    private DownloadHandler zipHandler() {
        return event -> {
            ExportFilter filter = filter();
            event.setFileName("groupalliance-export.zip");
            event.setContentType("application/zip");
            exports.writeZip(filter, event.getOutputStream(), "page");
        };
    }
}
