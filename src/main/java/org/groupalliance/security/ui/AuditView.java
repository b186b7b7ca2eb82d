package org.groupalliance.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import org.groupalliance.base.ui.Dates;
import jakarta.annotation.security.RolesAllowed;
import com.vaadin.flow.component.html.Span;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditChain;
import org.groupalliance.security.AuditEntry;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.AuditQuery;
import org.groupalliance.security.Roles;

/** Admins read and filter the append-only audit log; a row opens to its before/after values. */
@Route("admin/audit")
@PageTitle("Audit log | GroupAlliance")
@Menu(order = 22, title = "Audit log")
@RolesAllowed(Roles.ADMIN)
public class AuditView extends VerticalLayout {

    private final AuditLog audit;
    private final AuditChain chain;
    final Button verify = new Button("Verify audit log");
    final Span verification = new Span();
    final TextField actor = new TextField("User");
    final ComboBox<AuditAction> action = new ComboBox<>("Action", AuditAction.values());
    final ComboBox<String> entityType = new ComboBox<>("Record type");
    final DatePicker from = new DatePicker("From (UTC)");
    final DatePicker to = new DatePicker("To (UTC)");
    final Grid<AuditEntry> grid = new Grid<>();

    public AuditView(AuditLog audit, AuditChain chain) {
        this.audit = audit;
        this.chain = chain;
        addClassName("view");
        Dates.iso(from);
        Dates.iso(to);
        actor.setId("audit-actor");
        actor.setClearButtonVisible(true);
        action.setClearButtonVisible(true);
        action.setId("audit-action");
        entityType.setItems(audit.entityTypes());
        entityType.setClearButtonVisible(true);
        entityType.setId("audit-entity");
        Button apply = new Button("Filter", e -> refresh());
        apply.setId("audit-filter");
        HorizontalLayout filters = new HorizontalLayout(actor, action, entityType, from, to, apply);
        filters.setAlignItems(Alignment.BASELINE);
        filters.setWrap(true);

        grid.setId("audit");
        // summaries wrap instead of being cut off
        grid.addThemeVariants(com.vaadin.flow.component.grid.GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(e -> Dates.dateTime(e.occurredAt(), java.time.ZoneOffset.UTC)).setHeader("When (UTC)").setAutoWidth(true);
        grid.addColumn(AuditEntry::actor).setHeader("User").setAutoWidth(true);
        grid.addColumn(AuditEntry::action).setHeader("Action").setAutoWidth(true);
        grid.addColumn(e -> e.entityType() + (e.entityId() == null ? "" : " #" + e.entityId())).setHeader("Record").setAutoWidth(true);
        grid.addColumn(AuditEntry::summary).setHeader("Summary").setWidth("24em").setFlexGrow(3);
        grid.setItemDetailsRenderer(new ComponentRenderer<>(e -> {
            Div details = new Div();
            details.addClassName("audit-json");
            details.setText("before: " + (e.before() == null ? "—" : e.before()) + "\nafter:  " + (e.after() == null ? "—" : e.after()));
            return details;
        }));
        grid.setHeight("70vh");
        verify.setId("audit-verify");
        verify.addClickListener(e -> verify());
        verification.setId("audit-verification");
        HorizontalLayout check = new HorizontalLayout(verify, verification);
        check.setAlignItems(Alignment.BASELINE);
        check.setWrap(true);
        add(new H2("Audit log"), check, filters, grid);
        refresh();
    }

    /** Checks the hash chain and shows OK, or the first broken row and why. */
    void verify() {
        AuditChain.Verification v = chain.verify();
        verification.setText(v.intact() ? "OK: " + v.describe() : v.describe());
        verification.getElement().setAttribute("data-intact", Boolean.toString(v.intact()));
        verification.getStyle().set("color", v.intact() ? "var(--lumo-success-text-color)" : "var(--lumo-error-text-color)");
    }

    void refresh() {
        grid.setItems(audit.search(new AuditQuery(actor.getValue(), action.getValue(), entityType.getValue(), from.getValue(), to.getValue(), 2000)));
    }
}
