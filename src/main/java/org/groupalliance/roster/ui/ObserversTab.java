package org.groupalliance.roster.ui;

import java.util.function.Supplier;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import org.groupalliance.base.ValidationException;
import org.groupalliance.base.ui.Notices;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.Leader;
import org.groupalliance.security.AppUser;
import org.groupalliance.security.UserService;

/** The Observers tab of {@link GroupView}: observer accounts assigned to rate this group's sessions. */
class ObserversTab extends VerticalLayout {

    private final GroupService groups;
    private final UserService users;
    private final Supplier<Group> group;
    final Grid<Leader> grid = new Grid<>();
    final ComboBox<AppUser> choice = new ComboBox<>("Observer account");

    ObserversTab(GroupService groups, UserService users, Supplier<Group> group) {
        this.groups = groups;
        this.users = users;
        this.group = group;
        choice.setId("observer-choice");
        choice.setItemLabelGenerator(u -> u.fullName() + " (" + u.username() + ")");
        choice.setHelperText("Observers rate the sessions the measurement plan asks observers to rate; they see member codes only");
        choice.addFocusListener(e -> choice.setItems(users.findObservers()));
        Button assign = new Button("Assign", e -> {
            try {
                groups.assignObserver(group.get().id(), choice.getValue() == null ? null : choice.getValue().id());
                choice.setInvalid(false);
                choice.clear();
                Notices.saved("Observer assigned");
                refresh();
            } catch (ValidationException ex) {
                choice.setErrorMessage(String.join(" ", ex.fieldErrors().values()));
                choice.setInvalid(true);
            }
        });
        assign.setId("assign-observer");
        grid.setId("observers");
        grid.addColumn(Leader::fullName).setHeader("Observer").setAutoWidth(true);
        grid.addColumn(Leader::username).setHeader("Account").setAutoWidth(true);
        grid.addComponentColumn(o -> {
            Button remove = new Button("Remove", e -> {
                groups.unassignObserver(group.get().id(), o.userId());
                Notices.saved("Observer removed");
                refresh();
            });
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            return remove;
        }).setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No observers assigned.");
        HorizontalLayout addRow = new HorizontalLayout(choice, assign);
        addRow.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(addRow, grid);
    }

    void refresh() {
        grid.setItems(groups.observers(group.get().id()));
    }
}
