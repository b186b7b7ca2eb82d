package org.groupalliance.roster.ui;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.ui.FieldErrors;
import org.groupalliance.roster.Member;

/** Name and members of a subgroup, with the session from which this membership holds. */
public class SubgroupForm extends Composite<FormLayout> {

    final TextField name = new TextField("Subgroup name");
    final MultiSelectComboBox<Member> members = new MultiSelectComboBox<>("Members");
    final IntegerField fromSession = new IntegerField("Membership valid from session");
    final FieldErrors errors = new FieldErrors();

    public SubgroupForm(List<Member> groupMembers) {
        name.setRequired(true);
        name.setMaxLength(80);
        name.setId("subgroup-name");
        members.setItems(groupMembers);
        members.setItemLabelGenerator(Member::label);
        members.setId("subgroup-members");
        fromSession.setMin(1);
        fromSession.setStepButtonsVisible(true);
        fromSession.setRequired(true);
        fromSession.setHelperText("Earlier sessions keep the previous membership");
        fromSession.setId("subgroup-from");
        getContent().add(name, members, fromSession);
        errors.bind("name", name).bind("members", members).bind("fromSession", fromSession);
    }

    public void setValue(String subgroupName, Set<MemberId> selected, int from) {
        name.setValue(subgroupName);
        members.setValue(members.getListDataView().getItems().filter(m -> selected.contains(m.id())).collect(Collectors.toSet()));
        fromSession.setValue(from);
    }

    public String getName() {
        return name.getValue();
    }

    public Set<MemberId> getMembers() {
        return members.getValue().stream().map(Member::id).collect(Collectors.toSet());
    }

    public int getFromSession() {
        return fromSession.getValue() == null ? 0 : fromSession.getValue();
    }

    public FieldErrors errors() {
        return errors;
    }
}
