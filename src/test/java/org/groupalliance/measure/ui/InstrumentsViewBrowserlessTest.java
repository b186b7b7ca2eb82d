package org.groupalliance.measure.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.NumberField;
import org.groupalliance.base.ui.FormDialog;
import org.groupalliance.measure.Instrument;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.SignedInBrowserlessTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@MariaDbTest
class InstrumentsViewBrowserlessTest extends SignedInBrowserlessTest {

    @Autowired ApplicationContext applicationContext;
    @Autowired InstrumentService instruments;


    @Override
    protected org.groupalliance.security.AppUserPrincipal signIn() {
        return new Actors(applicationContext).newUser(Role.ADMIN, null).principal();
    }



    @Test
    void the_library_lists_the_built_ins_with_what_to_check() {
        InstrumentsView view = navigate(InstrumentsView.class);
        assertThat(test(view.grid).size()).isGreaterThanOrEqualTo(11);
        Instrument core = instruments.current("CORE-10").orElseThrow();
        view.openDetails(core);
        assertThat($(Dialog.class).single().getHeaderTitle()).isEqualTo("CORE-10 v" + core.version() + ": CORE-10 (structure)");
    }

    @Test
    void a_corrected_cut_off_is_saved_as_a_new_version() {
        InstrumentsView view = navigate(InstrumentsView.class);
        Instrument gad = instruments.current("GAD-7").orElseThrow();
        view.openNewVersion(gad);
        FormDialog dialog = $(FormDialog.class).single();
        $(NumberField.class, dialog).withId("edit-cutoff").single().setValue(10.0);
        test(dialog.saveButton()).click();
        Instrument next = instruments.current("GAD-7").orElseThrow();
        assertThat(next.version()).isEqualTo(gad.version() + 1);
        assertThat(next.definition().cutoff()).isEqualTo(10.0);
        assertThat(instruments.get("GAD-7", gad.version()).definition().cutoff()).isEqualTo(gad.definition().cutoff());
    }

    @Test
    void a_broken_file_is_refused_with_the_rule_and_nothing_imported() {
        InstrumentsView view = navigate(InstrumentsView.class);
        int before = instruments.findAll().size();
        view.importFile("{\"format\":\"groupalliance-instrument/1\",\"instrument\":{\"code\":\"x\"}}");
        assertThat(view.importError.isVisible()).isTrue();
        assertThat(view.importError.getText()).startsWith("Nothing was imported.");
        assertThat(instruments.findAll()).hasSize(before);
    }
}
