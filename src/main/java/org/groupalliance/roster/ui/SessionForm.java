package org.groupalliance.roster.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import org.groupalliance.base.ui.Dates;
import org.groupalliance.base.ui.FieldErrors;
import org.groupalliance.roster.SessionData;

/** Number, date and note of a session. */
public class SessionForm extends Composite<FormLayout> {

    final IntegerField sessionNumber = new IntegerField("Session number");
    final DatePicker date = new DatePicker("Date");
    final TextArea note = new TextArea("Note (optional)");
    final FieldErrors errors = new FieldErrors();

    public SessionForm() {
        sessionNumber.setMin(1);
        sessionNumber.setStepButtonsVisible(true);
        sessionNumber.setRequired(true);
        sessionNumber.setId("session-number");
        Dates.iso(date);
        date.setRequired(true);
        date.setId("session-date");
        note.setMaxLength(2000);
        note.setId("session-note");
        getContent().add(sessionNumber, date);
        getContent().add(note, 2);
        errors.bind("sessionNumber", sessionNumber).bind("date", date).bind("note", note);
    }

    public void setValue(SessionData d) {
        sessionNumber.setValue(d.sessionNumber());
        date.setValue(d.date());
        note.setValue(d.note() == null ? "" : d.note());
    }

    public SessionData getValue() {
        return new SessionData(sessionNumber.getValue() == null ? 0 : sessionNumber.getValue(), date.getValue(), note.getValue());
    }

    public FieldErrors errors() {
        return errors;
    }
}
