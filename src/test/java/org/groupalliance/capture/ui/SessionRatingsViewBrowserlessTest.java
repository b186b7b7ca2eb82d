package org.groupalliance.capture.ui;

import org.groupalliance.base.ui.RatingSheet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.Rating;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.EndStatus;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupData;
import org.groupalliance.roster.GroupFormat;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberData;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.Modality;
import org.groupalliance.roster.PhaseBoundaries;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.SubgroupService;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.SignedInBrowserlessTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The leader's entry screen after a session, driven without a browser on MariaDB. */
@MariaDbTest
class SessionRatingsViewBrowserlessTest extends SignedInBrowserlessTest {

    @Autowired ApplicationContext applicationContext;
    @Autowired GroupService groups;
    @Autowired MemberService members;
    @Autowired SessionService sessions;
    @Autowired SubgroupService subgroups;
    @Autowired MeasurementPlanService plans;
    @Autowired RatingService ratings;
    @Autowired org.groupalliance.capture.SelfReportService selfReport;
    Account anna;
    GroupSession session;
    Member a;
    Member b;
    Member c;

    @Override
    protected AppUserPrincipal signIn() {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        Group group = as(anna, () -> groups.create(new GroupData(site, Actors.unique("Entry "), Modality.CBT, GroupFormat.CLOSED, 12,
                LocalDate.of(2026, 1, 6), PhaseBoundaries.thirds(12), Set.of(anna.created().id()))));
        String p = Actors.unique("E").toUpperCase().substring(0, 6);
        a = as(anna, () -> members.add(group.id(), new MemberData(p + "-A", null, 1, null, EndStatus.ONGOING, null)));
        b = as(anna, () -> members.add(group.id(), new MemberData(p + "-B", null, 1, null, EndStatus.ONGOING, null)));
        c = as(anna, () -> members.add(group.id(), new MemberData(p + "-C", null, 1, null, EndStatus.ONGOING, null)));
        as(anna, () -> subgroups.create(group.id(), "Pair", Set.of(a.id(), b.id()), 1));
        GroupSession s = as(anna, () -> sessions.create(group.id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
        session = as(anna, () -> sessions.recordAttendance(s.id(), s.version(),
                Map.of(a.id(), AttendanceStatus.PRESENT, b.id(), AttendanceStatus.LEFT_EARLY, c.id(), AttendanceStatus.ABSENT)));
        as(anna, () -> plans.save(group.id(), new PlanEntryData("SESSION-ALLIANCE-4", Set.of(Rater.MEMBER), Schedule.everySession(), false, false,
                List.of()), null));
        as(anna, () -> plans.save(group.id(), new PlanEntryData("GROUP-ALLIANCE-3L", Set.of(Rater.LEADER), Schedule.everySession(), false, false,
                List.of()), null));
        return anna.principal();
    }

    private void fill(RatingSheet<?> sheet, String row, double... values) {
        for (int i = 0; i < values.length; i++) {
            sheet.field(row, i + 1).setValue(values[i]);
        }
    }

    @Test
    void the_leader_enters_the_members_forms_absent_members_are_not_expected() {
        SessionRatingsView view = navigate(SessionRatingsView.class, session.id().value());
        RatingSheet<?> sheet = view.sheets.get("SESSION-ALLIANCE-4/MEMBER");
        assertThat(sheet.status().getText()).isEqualTo("0 of 2 entered; missing: " + a.code() + ", " + b.code());
        assertThat(sheet.field(c.code(), 1).isEnabled()).as("absent member").isFalse();
        fill(sheet, a.code(), 9.5, 9.2, 9.8, 9.6);
        fill(sheet, b.code(), 8, 7.5, 9, 8.4);
        test(sheet.saveButton()).click();
        assertThat(as(anna, () -> ratings.forSession(session.id()))).extracting(Rating::total).containsExactlyInAnyOrder(38.1, 32.9);
        RatingSheet<?> after = view.sheets.get("SESSION-ALLIANCE-4/MEMBER");
        assertThat(after.status().getText()).isEqualTo("2 of 2 entered");
    }

    @Test
    void a_column_pasted_from_a_spreadsheet_fills_one_item_for_the_expected_rows() {
        SessionRatingsView view = navigate(SessionRatingsView.class, session.id().value());
        RatingSheet<?> sheet = view.sheets.get("SESSION-ALLIANCE-4/MEMBER");
        sheet.fillColumn(2, "9,1\n8.4\n");
        assertThat(sheet.field(a.code(), 2).getValue()).isEqualTo(9.1);
        assertThat(sheet.field(b.code(), 2).getValue()).isEqualTo(8.4);
        assertThat(sheet.field(c.code(), 2).getValue()).as("absent member untouched").isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sheet.fillColumn(3, "9.1\n8.4\n7.0"))
                .hasMessage("Pasted 3 value(s) for 2 expected row(s): one per line, in the order shown");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sheet.fillColumn(3, "9.1\nabc"))
                .hasMessageContaining("Line 2 ('abc', " + b.code() + ") is not a number");
        assertThat(sheet.field(a.code(), 3).getValue()).as("nothing filled on a bad paste").isNull();
        // an empty last cell copied from a spreadsheet stays an empty line (the final line break is the spreadsheet's)
        sheet.fillColumn(4, "6.5\n\n");
        assertThat(sheet.field(a.code(), 4).getValue()).isEqualTo(6.5);
        assertThat(sheet.field(b.code(), 4).getValue()).isNull();
    }

    @Test
    void an_out_of_range_value_is_marked_on_its_field_and_nothing_is_stored() {
        SessionRatingsView view = navigate(SessionRatingsView.class, session.id().value());
        RatingSheet<?> sheet = view.sheets.get("SESSION-ALLIANCE-4/MEMBER");
        fill(sheet, a.code(), 9.5, 9.2, 9.8, 9.6);
        fill(sheet, b.code(), 8, 17.5, 9, 8.4);
        test(sheet.saveButton()).click();
        assertThat(sheet.field(b.code(), 2).isInvalid()).isTrue();
        assertThat(sheet.field(b.code(), 2).getErrorMessage()).contains("17.5 is outside the allowed range 0 to 10");
        assertThat(sheet.error().getText()).startsWith("Nothing was saved.");
        assertThat(as(anna, () -> ratings.forSession(session.id()))).isEmpty();
    }

    @Test
    void the_leader_rates_members_the_subgroup_and_the_whole_group() {
        SessionRatingsView view = navigate(SessionRatingsView.class, session.id().value());
        RatingSheet<?> sheet = view.sheets.get("GROUP-ALLIANCE-3L/LEADER");
        fill(sheet, "Pair", 5, 5, 6, 4, 4, 5, 6, 6, 6);
        fill(sheet, "Whole group", 6, 6, 6, 5, 5, 5, 4, 4, 4);
        test(sheet.saveButton()).click();
        assertThat(as(anna, () -> ratings.forSession(session.id()))).extracting(r -> r.target().kind())
                .containsExactlyInAnyOrder(RatingTarget.Kind.SUBGROUP, RatingTarget.Kind.WHOLE_GROUP);
        assertThat(as(anna, () -> ratings.forSession(session.id()))).filteredOn(r -> r.target().kind() == RatingTarget.Kind.WHOLE_GROUP)
                .singleElement().satisfies(r -> assertThat(r.total()).isEqualTo(5.0));
    }

    @Test
    void an_out_of_range_whole_group_value_is_marked_on_its_own_field() {
        SessionRatingsView view = navigate(SessionRatingsView.class, session.id().value());
        RatingSheet<?> sheet = view.sheets.get("GROUP-ALLIANCE-3L/LEADER");
        fill(sheet, "Pair", 5, 5, 6, 4, 4, 5, 6, 6, 6);
        fill(sheet, "Whole group", 6, 6, 6, 5, 5, 5, 4, 4, 17);
        test(sheet.saveButton()).click();
        assertThat(sheet.field("Whole group", 9).isInvalid()).as("sheet says: " + sheet.error().getText()).isTrue();
        assertThat(sheet.field("Whole group", 9).getErrorMessage()).contains("17");
        assertThat(as(anna, () -> ratings.forSession(session.id()))).isEmpty();
    }

    @Test
    void the_leaders_sheet_expects_only_members_who_attended_and_labels_a_mean_score_as_mean() {
        SessionRatingsView view = navigate(SessionRatingsView.class, session.id().value());
        RatingSheet<?> sheet = view.sheets.get("GROUP-ALLIANCE-3L/LEADER");
        // a, b attended (b left early), c was absent: c is neither expected nor can be rated
        assertThat(sheet.status().getText()).isEqualTo("0 of 4 entered; missing: " + a.code() + ", " + b.code() + ", Pair, Whole group");
        assertThat(sheet.field(c.code(), 1).isEnabled()).as("absent member").isFalse();
        fill(sheet, a.code(), 7, 6, 6, 5, 5, 5, 6, 6, 6);
        test(sheet.saveButton()).click();
        RatingSheet<?> after = view.sheets.get("GROUP-ALLIANCE-3L/LEADER");
        // the three-level form is mean-scored: 52 / 9
        assertThat(after.getElement().getTextRecursively()).contains("mean 5.78").doesNotContain("total 5.78");
    }

    @Test
    void closing_self_report_asks_first_and_cancelling_keeps_it_open() {
        SessionRatingsView view = navigate(SessionRatingsView.class, session.id().value());
        SelfReportPanel panel = view.selfReportPanel;
        test(panel.open).click();
        panel.passesDialog.close();
        com.vaadin.flow.component.button.Button close = $(com.vaadin.flow.component.button.Button.class).withId("sr-close").single();

        test(close).click();
        assertThat(panel.closeConfirm.isOpened()).as("a confirmation, not an immediate close").isTrue();
        assertThat(as(anna, () -> selfReport.status(session.id())).filter(s -> s.open())).as("still open while asking").isPresent();
        panel.closeConfirm.close();
        assertThat(as(anna, () -> selfReport.status(session.id())).filter(s -> s.open())).as("cancelled: still open").isPresent();

        test($(com.vaadin.flow.component.button.Button.class).withId("sr-close").single()).click();
        com.vaadin.flow.component.ComponentUtil.fireEvent(panel.closeConfirm,
                new com.vaadin.flow.component.confirmdialog.ConfirmDialog.ConfirmEvent(panel.closeConfirm, false));
        assertThat(as(anna, () -> selfReport.status(session.id())).filter(s -> s.open())).as("confirmed: closed").isEmpty();
    }

    // ---- recording the whole session on one page ------------------------------------------------

    private AttendanceStatus storedAttendanceOf(Member m) {
        return as(anna, () -> sessions.attendance(session.id())).stream().filter(r -> r.member().id().equals(m.id())).findFirst().orElseThrow().status();
    }

    @Test
    void attendance_changed_on_the_page_opens_a_members_row_at_once_and_keeps_what_was_typed() {
        SessionRatingsView view = navigate(SessionRatingsView.class, session.id().value());
        RatingSheet<?> sheet = view.sheets.get("SESSION-ALLIANCE-4/MEMBER");
        fill(sheet, a.code(), 9.5, 9.2, 9.8, 9.6);
        assertThat(sheet.state().getText()).isEqualTo("Unsaved changes");
        assertThat(sheet.field(c.code(), 1).isEnabled()).isFalse();

        view.attendanceFields.get(c.id()).setValue(AttendanceStatus.PRESENT);

        RatingSheet<?> rebuilt = view.sheets.get("SESSION-ALLIANCE-4/MEMBER");
        assertThat(rebuilt.field(c.code(), 1).isEnabled()).as("c now expected").isTrue();
        assertThat(rebuilt.field(a.code(), 2).getValue()).as("typed value kept").isEqualTo(9.2);
        assertThat(view.attendanceState.getText()).isEqualTo("Unsaved changes");
        assertThat(storedAttendanceOf(c)).as("nothing stored yet").isEqualTo(AttendanceStatus.ABSENT);
    }

    @Test
    void one_save_stores_the_attendance_and_every_sheet() {
        SessionRatingsView view = navigate(SessionRatingsView.class, session.id().value());
        view.attendanceFields.get(c.id()).setValue(AttendanceStatus.LATE);
        fill(view.sheets.get("SESSION-ALLIANCE-4/MEMBER"), a.code(), 9.5, 9.2, 9.8, 9.6);
        fill(view.sheets.get("SESSION-ALLIANCE-4/MEMBER"), c.code(), 5, 5, 5, 5);
        fill(view.sheets.get("GROUP-ALLIANCE-3L/LEADER"), "Whole group", 6, 6, 6, 5, 5, 5, 4, 4, 4);

        test(view.saveAll).click();

        assertThat(storedAttendanceOf(c)).isEqualTo(AttendanceStatus.LATE);
        assertThat(as(anna, () -> ratings.forSession(session.id()))).extracting(Rating::total).containsExactlyInAnyOrder(38.1, 20.0, 5.0);
        assertThat(view.sheets.get("SESSION-ALLIANCE-4/MEMBER").state().getText()).isEqualTo("Saved");
        assertThat(view.saveAllError.isVisible()).isFalse();
    }

    @Test
    void a_refused_sheet_stores_nothing_not_the_other_sheets_nor_the_attendance() {
        SessionRatingsView view = navigate(SessionRatingsView.class, session.id().value());
        view.attendanceFields.get(c.id()).setValue(AttendanceStatus.PRESENT);
        fill(view.sheets.get("SESSION-ALLIANCE-4/MEMBER"), a.code(), 9.5, 9.2, 9.8, 9.6);
        RatingSheet<?> leader = view.sheets.get("GROUP-ALLIANCE-3L/LEADER");
        fill(leader, "Pair", 6, 6, 6, 5, 5, 5, 4, 4, 17);

        test(view.saveAll).click();

        assertThat(leader.field("Pair", 9).isInvalid()).as("the refused value is marked; page says: " + view.saveAllError.getText()).isTrue();
        assertThat(view.saveAllError.getText()).startsWith("Nothing was saved");
        assertThat(as(anna, () -> ratings.forSession(session.id()))).as("the valid sheet was not stored either").isEmpty();
        assertThat(storedAttendanceOf(c)).as("nor the attendance").isEqualTo(AttendanceStatus.ABSENT);
        assertThat(view.sheets.get("SESSION-ALLIANCE-4/MEMBER").field(a.code(), 1).getValue()).as("nothing typed is lost").isEqualTo(9.5);
    }
}
