package org.groupalliance.base.ui;

import java.util.List;
import java.util.function.Supplier;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.ValidationException;

/**
 * A dialog around a form: Save runs the service call; rule violations appear next to their fields,
 * a concurrent edit or a vanished record as a message in the dialog, which stays open so nothing
 * typed is lost.
 */
public class FormDialog extends Dialog {

    private final Div formError = new Div();
    private final Button save = new Button("Save");

    public FormDialog(String title, Component form, FieldErrors errors, Supplier<Boolean> onSave) {
        setHeaderTitle(title);
        setCloseOnOutsideClick(false);
        formError.addClassName("form-error");
        formError.setId("form-error");
        formError.setVisible(false);
        add(formError, form);

        save.setId("save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER).listenOn(this);
        save.addClickListener(e -> {
            formError.setVisible(false);
            errors.clear();
            try {
                if (onSave.get()) {
                    close();
                }
            } catch (ValidationException ex) {
                List<String> unplaced = errors.show(ex);
                if (!unplaced.isEmpty()) {
                    showError(String.join(" ", unplaced));
                } else {
                    showError("Please correct the marked fields. Nothing was saved.");
                }
            } catch (ConcurrentEditException | NotFoundException ex) {
                showError(ex.getMessage());
            }
        });
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("cancel");
        getFooter().add(cancel, save);
    }

    public void showError(String message) {
        formError.setText(message);
        formError.setVisible(true);
    }

    public Button saveButton() {
        return save;
    }
}
