package org.groupalliance.roster.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import org.groupalliance.base.ui.FieldErrors;
import org.groupalliance.roster.EndStatus;
import org.groupalliance.roster.MemberData;

/** Edits a {@link MemberData}. The display-name field exists only for the group's own leaders. */
public class MemberForm extends Composite<FormLayout> {

    // create
    final TextField memberCode = new TextField("Member code");
    final TextField displayName = new TextField("Display name (optional)");
    final IntegerField joinedSession = new IntegerField("Joined at session");
    final IntegerField leftSession = new IntegerField("Last session as member");
    final ComboBox<EndStatus> endStatus = new ComboBox<>("End status");
    final TextArea endReason = new TextArea("Reason");
    final FieldErrors errors = new FieldErrors();
    private final boolean showNames;
    private String hiddenName;

    public MemberForm(boolean showNames) {
        this.showNames = showNames;
        // configure
        memberCode.setRequired(true);
        memberCode.setMaxLength(20);
        memberCode.setHelperText("Pseudonym such as RS-07: never a real name");
        memberCode.setId("member-code");
        displayName.setHelperText("Shown only to this group's leaders");
        displayName.setMaxLength(120);
        displayName.setId("member-name");
        displayName.setVisible(showNames);
        joinedSession.setMin(1);
        joinedSession.setStepButtonsVisible(true);
        joinedSession.setRequired(true);
        joinedSession.setId("member-joined");
        leftSession.setMin(1);
        leftSession.setHelperText("Empty while the member is in the group");
        leftSession.setId("member-left");
        endStatus.setItems(EndStatus.values());
        endStatus.setItemLabelGenerator(EndStatus::label);
        endStatus.setId("member-status");
        endReason.setMaxLength(500);
        endReason.setId("member-reason");

        FormLayout layout = getContent();
        layout.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("420px", 2));
        layout.add(memberCode, displayName, joinedSession, leftSession, endStatus);
        layout.add(endReason, 2);

        // bind
        errors.bind("memberCode", memberCode).bind("displayName", displayName).bind("joinedSession", joinedSession)
                .bind("leftSession", leftSession).bind("endStatus", endStatus).bind("endReason", endReason);
    }

    public void setValue(MemberData d) {
        memberCode.setValue(d.memberCode() == null ? "" : d.memberCode());
        hiddenName = d.displayName();
        displayName.setValue(d.displayName() == null ? "" : d.displayName());
        joinedSession.setValue(d.joinedSession());
        leftSession.setValue(d.leftSession());
        endStatus.setValue(d.endStatus());
        endReason.setValue(d.endReason() == null ? "" : d.endReason());
    }

    public MemberData getValue() {
        return new MemberData(memberCode.getValue(), showNames ? displayName.getValue() : hiddenName,
                joinedSession.getValue() == null ? 0 : joinedSession.getValue(), leftSession.getValue(), endStatus.getValue(),
                endReason.getValue());
    }

    public FieldErrors errors() {
        return errors;
    }
}
