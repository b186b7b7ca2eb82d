package org.groupalliance.importer.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.base.GroupId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.ValidationException;
import org.groupalliance.importer.ColumnMapping;
import org.groupalliance.importer.ImportFile;
import org.groupalliance.importer.ImportProblem;
import org.groupalliance.importer.ImportRefusedException;
import org.groupalliance.importer.ImportReport;
import org.groupalliance.importer.ImportResult;
import org.groupalliance.importer.ImportService;
import org.groupalliance.roster.Group;
import org.groupalliance.security.Roles;

/**
 * Importing members' ratings into one group from a CSV file: upload, map the file's columns to the
 * import fields (preset by name, so the export's long file needs no changes), check, read the report
 * by line and column, then import everything (only when there is no problem) or only the valid rows.
 * The rules are the service's ({@link ImportService}); this page only shows them.
 */
@Route("groups/:groupId([0-9]{1,18})/import")
@RolesAllowed(Roles.FACILITATOR)
public class ImportView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    static final String NONE = "";

    private final ImportService imports;
    final H2 title = new H2();
    final Anchor back = new Anchor("", "Back to group");
    final Upload upload;
    final Paragraph fileInfo = new Paragraph();
    final Paragraph error = new Paragraph();
    final FormLayout mappingForm = new FormLayout();
    final Map<String, ComboBox<String>> mapping = new LinkedHashMap<>();
    final Button check = new Button("Check file");
    final Paragraph summary = new Paragraph();
    final Grid<ImportProblem> problems = new Grid<>();
    final Paragraph validLines = new Paragraph();
    final Button importAll = new Button("Import");
    final Button importValid = new Button("Import only the valid rows");
    final Paragraph result = new Paragraph();
    private GroupId groupId;
    private Group group;
    private ImportFile file;
    private ImportReport report;

    public ImportView(ImportService imports) {
        this.imports = imports;
        addClassName("view");
        title.setId("import-title");
        back.setId("import-back");
        // the in-memory handler runs its callback in UI.access, with the session locked
        upload = new Upload(UploadHandler.inMemory((meta, bytes) -> receive(meta.fileName(), bytes)));
        upload.setAcceptedFileTypes("text/csv", ".csv");
        upload.setMaxFileSize(ImportFile.MAX_BYTES);
        upload.setUploadButton(new Button("Choose CSV file"));
        upload.setId("import-upload");
        fileInfo.setId("import-file");
        error.setId("import-error");
        error.addClassName("form-error");
        error.setVisible(false);
        mappingForm.setId("import-mapping");
        mappingForm.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("30em", 2),
                new FormLayout.ResponsiveStep("50em", 3));
        check.setId("import-check");
        check.addClickListener(e -> runCheck());
        summary.setId("import-summary");
        problems.setId("import-problems");
        problems.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        problems.addColumn(ImportProblem::line).setHeader("Line").setAutoWidth(true).setFlexGrow(0);
        problems.addColumn(ImportProblem::column).setHeader("Column").setAutoWidth(true).setFlexGrow(0);
        problems.addColumn(ImportProblem::message).setHeader("Problem").setFlexGrow(1);
        problems.setAllRowsVisible(true);
        validLines.setId("import-valid-lines");
        importAll.setId("import-all");
        importAll.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        importAll.addClickListener(e -> runImport(false));
        importValid.setId("import-valid");
        importValid.addClickListener(e -> runImport(true));
        result.setId("import-result");
        Paragraph help = new Paragraph("A CSV file (UTF-8, comma, . decimal, header row) with one row per member's form: member code, "
                + "session number, instrument code and the items' answers (empty = not answered; -8 = not applicable). The export's long file "
                + "works as it is when a member_code column is added (or, in this installation, with its member_id). Members' own "
                + "ratings are imported, and your own ratings of members as leader (rater = leader, with a rater_code column holding your "
                + "username, or in this installation the export's rater_id). Paper forms of an observer assigned to the group: rater = observer, "
                + "rater_code = the observer's username. Ratings of a subgroup or the whole group: the export's target file, with a "
                + "target_code column holding the subgroup's name. Outcome forms: a timepoint column (baseline, post, fu12) and no session. "
                + "Ratings go into sessions that exist with their attendance; nothing is stored while the report lists a problem, "
                + "unless you import only the valid rows. Stored ratings are never replaced.");
        add(back, title, help, upload, fileInfo, error, mappingForm, check, summary, problems, validLines,
                new HorizontalLayout(importAll, importValid), result);
        showReport(null);
        mappingForm.setVisible(false);
        check.setVisible(false);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        long id = event.getRouteParameters().getLong("groupId").orElseThrow(() -> new NotFoundException("Group"));
        groupId = GroupId.fromRoute(id);
        group = imports.target(groupId);
        back.setHref("groups/" + id);
        title.setText("Import ratings: " + group.name());
    }

    @Override
    public String getPageTitle() {
        return (group == null ? "Import ratings" : "Import ratings: " + group.name()) + " | GroupAlliance";
    }

    /** An uploaded file: read it, preset the mapping by column name, clear any earlier report. */
    void receive(String name, byte[] bytes) {
        error.setVisible(false);
        result.setText("");
        showReport(null);
        try {
            file = ImportFile.parse(name, bytes);
        } catch (ValidationException e) {
            file = null;
            error.setText(String.join("; ", e.fieldErrors().values()));
            error.setVisible(true);
            mappingForm.setVisible(false);
            check.setVisible(false);
            return;
        }
        fileInfo.setText(name + ": " + file.rows().size() + " data rows, " + file.header().size() + " columns");
        buildMapping();
    }

    private void buildMapping() {
        mappingForm.removeAll();
        mapping.clear();
        ColumnMapping preset = ColumnMapping.byName(file.header());
        List<String> fields = new ArrayList<>(ColumnMapping.fields());
        int items = Math.max(imports.maxPlannedItems(groupId), preset.items());
        for (int i = 1; i <= items; i++) {
            fields.add(ColumnMapping.item(i));
        }
        List<String> choices = new ArrayList<>();
        choices.add(NONE);
        choices.addAll(file.header());
        for (String field : fields) {
            ComboBox<String> box = new ComboBox<>(field);
            box.setItems(choices);
            box.setItemLabelGenerator(c -> c.isEmpty() ? "(none)" : c);
            box.setValue(preset.column(field) == null ? NONE : preset.column(field));
            box.setId("map-" + field);
            box.addValueChangeListener(e -> showReport(null));
            mapping.put(field, box);
            mappingForm.add(box);
        }
        mappingForm.setVisible(true);
        check.setVisible(true);
    }

    ColumnMapping currentMapping() {
        Map<String, String> m = new LinkedHashMap<>();
        mapping.forEach((field, box) -> {
            if (box.getValue() != null && !box.getValue().isEmpty()) {
                m.put(field, box.getValue());
            }
        });
        return new ColumnMapping(m);
    }

    private void runCheck() {
        if (file != null) {
            showReport(imports.check(groupId, file, currentMapping()));
        }
    }

    private void runImport(boolean validRowsOnly) {
        try {
            ImportResult r = imports.importRows(groupId, file, currentMapping(), validRowsOnly);
            showReport(null);
            result.setText("Imported " + r.stored() + " rating(s)" + (r.skippedLines().isEmpty() ? "."
                    : "; left out the rows on lines " + lines(r.skippedLines()) + "."));
            file = null;
            mappingForm.setVisible(false);
            check.setVisible(false);
        } catch (ImportRefusedException e) {
            showReport(e.report());
            result.setText("Nothing was stored: the file has problems (listed above).");
        } catch (ValidationException e) {
            result.setText("Nothing was stored: " + String.join("; ", e.fieldErrors().values()));
        }
    }

    ImportReport report() {
        return report;
    }

    private void showReport(ImportReport r) {
        report = r;
        boolean shown = r != null;
        summary.setVisible(shown);
        problems.setVisible(shown && !r.problems().isEmpty());
        validLines.setVisible(shown && !r.problems().isEmpty() && !r.validLines().isEmpty());
        importAll.setVisible(shown);
        importAll.setEnabled(shown && r.clean() && !r.validLines().isEmpty());
        importValid.setVisible(shown && !r.clean() && !r.validLines().isEmpty());
        if (!shown) {
            problems.setItems(List.of());
            return;
        }
        summary.setText(r.rows() + " data rows, " + r.validLines().size() + " valid, " + r.problems().size() + " problem(s)"
                + (r.clean() ? ": ready to import." : ": nothing is stored while a problem remains."));
        problems.setItems(r.problems());
        validLines.setText("Valid rows (stored by \"Import only the valid rows\"): lines " + lines(r.validLines()));
        importValid.setText("Import only the valid rows (" + r.validLines().size() + ")");
    }

    private static String lines(List<Integer> lines) {
        return lines.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
