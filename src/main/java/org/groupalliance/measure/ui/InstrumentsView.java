package org.groupalliance.measure.ui;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.server.streams.UploadHandler;
import jakarta.annotation.security.RolesAllowed;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.ui.FieldErrors;
import org.groupalliance.base.ui.FormDialog;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.base.ui.Numbers;
import org.groupalliance.measure.Instrument;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Roles;

/**
 * The instrument library: every version of every definition with its structure, source and licence
 * status. Admins import definition files, save corrections as a new version and retire versions;
 * everyone else reads. The service enforces who may do what.
 */
@Route("instruments")
@PageTitle("Instruments | GroupAlliance")
@Menu(order = 10, title = "Instruments")
@RolesAllowed({Roles.ADMIN, Roles.FACILITATOR, Roles.RESEARCHER})
public class InstrumentsView extends VerticalLayout {

    private final InstrumentService instruments;
    private final boolean admin;
    final Grid<Instrument> grid = new Grid<>();
    final Div importError = new Div();

    public InstrumentsView(InstrumentService instruments, CurrentUser currentUser) {
        this.instruments = instruments;
        this.admin = currentUser.isAdmin();
        addClassName("view");
        HorizontalLayout header = new HorizontalLayout(new H2("Instruments"));
        header.setWidthFull();
        header.setAlignItems(Alignment.CENTER);
        importError.addClassName("form-error");
        importError.setId("import-error");
        importError.setVisible(false);
        if (admin) {
            Upload upload = new Upload(UploadHandler.inMemory((meta, bytes) -> importFile(new String(bytes, StandardCharsets.UTF_8))));
            upload.setAcceptedFileTypes("application/json", ".json");
            upload.setMaxFileSize(1_000_000);
            upload.setUploadButton(new Button("Import definition (JSON)"));
            upload.setDropLabel(new com.vaadin.flow.component.html.Span("docs/instrument-format.md describes the file"));
            upload.setId("import-instrument");
            header.add(upload);
        }

        grid.setId("instruments");
        // instrument names are long: wrap them instead of cutting them off
        grid.addThemeVariants(com.vaadin.flow.component.grid.GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(i -> i.code() + " v" + i.version()).setHeader("Code").setAutoWidth(true);
        grid.addColumn(i -> i.definition().name()).setHeader("Name").setWidth("13em").setFlexGrow(3);
        grid.addColumn(i -> i.definition().construct().name().toLowerCase().replace('_', ' ')).setHeader("Construct").setWidth("8em").setFlexGrow(0);
        grid.addColumn(i -> i.definition().target().name().toLowerCase().replace('_', ' ')).setHeader("Rates").setWidth("8em").setFlexGrow(0);
        grid.addColumn(i -> i.definition().raters().stream().map(r -> r.name().toLowerCase()).sorted().collect(Collectors.joining(", ")))
                .setHeader("Raters").setWidth("8em").setFlexGrow(0);
        grid.addColumn(i -> i.definition().items().size()).setHeader("Items").setWidth("5em").setFlexGrow(0);
        grid.addColumn(i -> (i.retired() ? "retired" : "in use") + (i.builtIn() ? " · built-in" : "")
                + (i.definition().unverified().isEmpty() ? "" : " · check: " + String.join(", ", i.definition().unverified())))
                .setHeader("Status").setWidth("14em").setFlexGrow(2);
        grid.addItemClickListener(e -> openDetails(e.getItem()));
        grid.setHeight("70vh");
        add(header, new Paragraph("Structures with neutral item labels. Fields marked 'check' could not be verified from public sources: "
                + "compare them with the instrument's manual before use."), importError, grid);
        refresh();
    }

    void refresh() {
        grid.setItems(instruments.findAll());
    }

    void importFile(String json) {
        importError.setVisible(false);
        try {
            Instrument imported = instruments.importJson(json);
            Notices.saved("Imported " + imported.definition().key());
            refresh();
        } catch (ValidationException e) {
            importError.setText("Nothing was imported. " + e.getMessage());
            importError.setVisible(true);
        }
    }

    void openDetails(Instrument instrument) {
        InstrumentDefinition d = instrument.definition();
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle(d.key() + ": " + d.name());
        dialog.setWidth("min(900px, 100vw)");
        Grid<InstrumentDefinition.Item> items = new Grid<>();
        items.addColumn(InstrumentDefinition.Item::number).setHeader("#").setAutoWidth(true);
        items.addColumn(InstrumentDefinition.Item::label).setHeader("Neutral label").setFlexGrow(3);
        items.addColumn(i -> i.type() == InstrumentDefinition.ResponseType.VISUAL_ANALOGUE ? "line 0-10 (0.1)" : Numbers.plain(i.min()) + "-" + Numbers.plain(i.max()))
                .setHeader("Response").setAutoWidth(true);
        items.addColumn(i -> d.reversedItems().contains(i.number()) ? "reversed" : "").setHeader("Key").setAutoWidth(true);
        items.setItems(d.items());
        items.setAllRowsVisible(true);
        Div facts = new Div();
        facts.addClassName("audit-json");
        facts.setText("Subscales: " + (d.subscales().isEmpty() ? "none" : d.subscales().stream()
                        .map(s -> s.name() + " " + s.items()).collect(Collectors.joining("; ")))
                + "\nScoring: " + d.scoring().method().name().toLowerCase() + ", at most " + d.scoring().maxMissingItems() + " item(s) missing"
                + "\nConcern: total below " + nz(d.concern().totalBelow()) + ", any item below " + nz(d.concern().itemBelow())
                + ", drop of " + nz(d.concern().dropOf())
                + "\nCut-off: " + nz(d.cutoff()) + "; reliable change: " + nz(d.reliableChange()) + "; " + d.direction().name().toLowerCase().replace('_', ' ')
                + "\nSource: " + d.source() + "\nLicence: " + d.licence()
                + "\nUnverified (check against the manual): " + (d.unverified().isEmpty() ? "none" : String.join(", ", d.unverified())));
        byte[] json = instruments.exportJson(d.code(), d.version()).getBytes(StandardCharsets.UTF_8);
        String fileName = d.code() + "-v" + d.version() + ".json";
        Anchor export = new Anchor(DownloadHandler.fromInputStream(event ->
                new DownloadResponse(new ByteArrayInputStream(json), fileName, "application/json", json.length)), "Export JSON");
        export.setId("export-instrument");
        dialog.add(items, new H4("Scoring and facts"), facts);
        dialog.getFooter().add(export);
        if (admin) {
            Button edit = new Button("Edit as new version", e -> {
                dialog.close();
                openNewVersion(instrument);
            });
            edit.setId("new-version");
            Button retire = new Button(instrument.retired() ? "Reinstate" : "Retire", e -> {
                instruments.setRetired(d.code(), d.version(), instrument.rowVersion(), !instrument.retired());
                Notices.saved((instrument.retired() ? "Reinstated " : "Retired ") + d.key());
                dialog.close();
                refresh();
            });
            retire.setId("retire-instrument");
            retire.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            dialog.getFooter().add(retire, edit);
        }
        Button close = new Button("Close", e -> dialog.close());
        dialog.getFooter().add(close);
        dialog.open();
    }

    /** Corrects the facts that are most often unverified; everything else via an edited JSON file. */
    void openNewVersion(Instrument instrument) {
        InstrumentDefinition d = instrument.definition();
        TextField name = new TextField("Name");
        name.setValue(d.name());
        name.setId("edit-name");
        NumberField cutoff = number("Clinical cut-off", d.cutoff(), "edit-cutoff");
        NumberField rc = number("Reliable change", d.reliableChange(), "edit-rc");
        NumberField totalBelow = number("Concern: total below", d.concern().totalBelow(), "edit-total-below");
        NumberField itemBelow = number("Concern: any item below", d.concern().itemBelow(), "edit-item-below");
        NumberField drop = number("Concern: drop of at least", d.concern().dropOf(), "edit-drop");
        TextArea licence = new TextArea("Licence status");
        licence.setValue(d.licence());
        licence.setId("edit-licence");
        TextArea source = new TextArea("Source");
        source.setValue(d.source());
        FormLayout form = new FormLayout(name, cutoff, rc, totalBelow, itemBelow, drop, licence, source);
        FieldErrors errors = new FieldErrors().bind("name", name).bind("licence", licence).bind("source", source);
        FormDialog dialog = new FormDialog("New version of " + d.code() + " (v" + (d.version() + 1) + ")", form, errors, () -> {
            InstrumentDefinition next = new InstrumentDefinition(d.code(), name.getValue(), d.version() + 1, d.construct(), d.target(), d.raters(),
                    d.items(), d.reversedItems(), d.subscales(), d.scoring(),
                    new InstrumentDefinition.Concern(totalBelow.getValue(), itemBelow.getValue(), drop.getValue()), cutoff.getValue(), rc.getValue(),
                    d.direction(), source.getValue(), licence.getValue(), d.unverified());
            Instrument saved = instruments.saveNewVersion(next);
            Notices.saved("Saved " + saved.definition().key() + "; scores recorded with v" + d.version() + " keep that version");
            refresh();
            return true;
        });
        dialog.setWidth("min(760px, 100vw)");
        dialog.open();
    }

    private static NumberField number(String label, Double value, String id) {
        NumberField f = new NumberField(label);
        f.setValue(value);
        f.setClearButtonVisible(true);
        f.setHelperText("Empty: not used");
        f.setId(id);
        return f;
    }

    private static String nz(Double v) {
        return v == null ? "-" : Numbers.plain(v);
    }


}
