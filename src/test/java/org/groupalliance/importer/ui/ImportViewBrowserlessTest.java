package org.groupalliance.importer.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.vaadin.flow.component.button.Button;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.SignedInBrowserlessTest;
import org.groupalliance.support.TestGroups;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The import page without a browser, on MariaDB: upload, mapping preset by name, report by line and column, import. */
@MariaDbTest
class ImportViewBrowserlessTest extends SignedInBrowserlessTest {

    @Autowired ApplicationContext applicationContext;
    @Autowired JdbcTemplate jdbc;
    Account anna;
    TestGroups.TestGroup group;

    @Override
    protected AppUserPrincipal signIn() {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        group = TestGroups.closedGroup(applicationContext, anna, site, "Import view ", 2);
        SessionService sessions = applicationContext.getBean(SessionService.class);
        GroupSession s1 = as(anna, () -> sessions.create(group.group().id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
        as(anna, () -> sessions.recordAttendance(s1.id(), s1.version(),
                Map.of(group.member(1).id(), AttendanceStatus.PRESENT, group.member(2).id(), AttendanceStatus.PRESENT)));
        as(anna, () -> applicationContext.getBean(MeasurementPlanService.class).save(group.group().id(), new PlanEntryData("SESSION-ALLIANCE-4",
                Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null));
        return anna.principal();
    }

    int ratings() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM rating WHERE group_id = ?", Integer.class, group.group().id().value());
    }

    @Test
    void upload_shows_the_report_by_line_and_column_and_imports_only_the_valid_rows_when_chosen() {
        navigate(org.groupalliance.roster.ui.GroupView.class, group.group().id().value());
        var link = $(com.vaadin.flow.component.html.Anchor.class).id("import-link");
        assertThat(link.getHref()).isEqualTo("groups/" + group.group().id().value() + "/import");
        assertThat(link.isVisible()).isTrue();
        ImportView view = navigate("groups/" + group.group().id().value() + "/import", ImportView.class);
        assertThat(view.title.getText()).isEqualTo("Import ratings: " + group.group().name());
        String csv = "member_code,session,instrument,item_1,item_2,item_3,item_4\r\n"
                + group.member(1).code() + ",1,SESSION-ALLIANCE-4,9,9,9,9\r\n"
                + group.member(2).code() + ",1,SESSION-ALLIANCE-4,9,11,9,9\r\n";
        view.receive("paper.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(view.fileInfo.getText()).isEqualTo("paper.csv: 2 data rows, 7 columns");
        assertThat(view.mapping.get("member_code").getValue()).isEqualTo("member_code");
        assertThat(view.mapping.get("item_4").getValue()).isEqualTo("item_4");
        assertThat(view.mapping.get("rater").getValue()).isEmpty();
        assertThat(view.mapping.get("rater_code").getValue()).isEmpty(); // the leader's username, for a leader's own ratings of members

        test(view.check).click();
        assertThat(view.summary.getText()).isEqualTo("2 data rows, 1 valid, 1 problem(s): nothing is stored while a problem remains.");
        var grid = test(view.problems);
        assertThat(grid.size()).isEqualTo(1);
        assertThat(grid.getCellText(0, 0)).isEqualTo("3");
        assertThat(grid.getCellText(0, 1)).isEqualTo("item_2");
        assertThat(grid.getCellText(0, 2)).isEqualTo("Value out of range: 11 (SESSION-ALLIANCE-4 item 2 is 0 to 10)");
        assertThat(view.importAll.isEnabled()).isFalse();
        assertThat(view.validLines.getText()).endsWith("lines 2");
        assertThat(ratings()).isZero();

        Button valid = view.importValid;
        assertThat(valid.getText()).isEqualTo("Import only the valid rows (1)");
        test(valid).click();
        assertThat(view.result.getText()).isEqualTo("Imported 1 rating(s); left out the rows on lines 3.");
        assertThat(ratings()).isEqualTo(1);
    }

    @Test
    void a_clean_file_imports_with_the_import_button_and_a_file_that_is_not_csv_is_named() {
        ImportView view = navigate("groups/" + group.group().id().value() + "/import", ImportView.class);
        view.receive("broken.csv", "a,b\r\n\"open".getBytes(StandardCharsets.UTF_8));
        assertThat(view.error.isVisible()).isTrue();
        assertThat(view.error.getText()).isEqualTo("Line 2: a quoted cell is not closed");

        // another layout: mapped column by column
        String csv = "Code,Sess,Form,A,B,C,D\r\n" + group.member(1).code() + ",1,SESSION-ALLIANCE-4,9,9,9,8\r\n";
        view.receive("other.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(view.error.isVisible()).isFalse();
        view.mapping.get("member_code").setValue("Code");
        view.mapping.get("session").setValue("Sess");
        view.mapping.get("instrument").setValue("Form");
        view.mapping.get("item_1").setValue("A");
        view.mapping.get("item_2").setValue("B");
        view.mapping.get("item_3").setValue("C");
        view.mapping.get("item_4").setValue("D");
        test(view.check).click();
        assertThat(view.report().problems()).isEmpty();
        assertThat(view.importAll.isEnabled()).isTrue();
        assertThat(view.importValid.isVisible()).isFalse();
        test(view.importAll).click();
        assertThat(view.result.getText()).isEqualTo("Imported 1 rating(s).");
        assertThat(ratings()).isEqualTo(1);
    }
}
