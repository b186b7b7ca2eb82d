package org.groupalliance.capture.ui;

import org.groupalliance.base.ui.RatingSheet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.groupalliance.support.Actors.as;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.vaadin.flow.component.html.Anchor;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.Rating;
import org.groupalliance.capture.RatingService;
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
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.support.Actors;
import org.groupalliance.support.Actors.Account;
import org.groupalliance.support.MariaDbTest;
import org.groupalliance.support.SignedInBrowserlessTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** An observer's pages: the sessions to rate and the entry screen with only the observer's sheets. */
@MariaDbTest
class ObserverViewsBrowserlessTest extends SignedInBrowserlessTest {

    @Autowired ApplicationContext applicationContext;
    @Autowired GroupService groups;
    @Autowired MemberService members;
    @Autowired SessionService sessions;
    @Autowired MeasurementPlanService plans;
    @Autowired RatingService ratings;
    Account anna;
    Account olga;
    GroupSession session;
    Member a;

    @Override
    protected AppUserPrincipal signIn() {
        Actors actors = new Actors(applicationContext);
        var site = actors.newSite();
        anna = actors.newUser(Role.FACILITATOR, site);
        olga = actors.newUser(Role.OBSERVER, site);
        Group group = as(anna, () -> groups.create(new GroupData(site, Actors.unique("Observed "), Modality.CBT, GroupFormat.CLOSED, 12,
                LocalDate.of(2026, 1, 6), PhaseBoundaries.thirds(12), Set.of(anna.created().id()))));
        String p = Actors.unique("V").toUpperCase().substring(0, 6);
        a = as(anna, () -> members.add(group.id(), new MemberData(p + "-A", "Secret Name", 1, null, EndStatus.ONGOING, null)));
        GroupSession s = as(anna, () -> sessions.create(group.id(), new SessionData(1, LocalDate.of(2026, 1, 6), null)));
        session = as(anna, () -> sessions.recordAttendance(s.id(), s.version(), Map.of(a.id(), AttendanceStatus.PRESENT)));
        as(anna, () -> plans.save(group.id(), new PlanEntryData("SESSION-ALLIANCE-4", Set.of(Rater.MEMBER), Schedule.everySession(), false, false,
                List.of()), null));
        as(anna, () -> plans.save(group.id(), new PlanEntryData("MEMBER-GROUP-ALLIANCE", Set.of(Rater.LEADER, Rater.OBSERVER), Schedule.everySession(),
                false, false, List.of()), null));
        as(anna, () -> groups.assignObserver(group.id(), olga.created().id()));
        return olga.principal();
    }

    @Test
    void the_observer_sees_the_session_to_rate_and_enters_only_observer_ratings() {
        ObserverView list = navigate(ObserverView.class);
        assertThat($(Anchor.class).from(list).all()).anySatisfy(link -> {
            assertThat(link.getHref()).isEqualTo("ratings/" + session.id().value());
            assertThat(link.getText()).contains("Session 1").contains("Member-to-group alliance form");
        });

        SessionRatingsView view = navigate(SessionRatingsView.class, session.id().value());
        assertThat(view.sheets).containsOnlyKeys("MEMBER-GROUP-ALLIANCE/OBSERVER");
        assertThat(view.selfReportPanel).isNull();
        RatingSheet<?> sheet = view.sheets.get("MEMBER-GROUP-ALLIANCE/OBSERVER");
        // member codes only: the display name never reaches an observer
        assertThat(sheet.fields()).containsKey(a.code() + ".item1");
        assertThat(sheet.fields().keySet()).noneMatch(k -> k.contains("Secret"));
        for (int i = 1; i <= 4; i++) {
            sheet.field(a.code(), i).setValue((double) (i + 3));
        }
        test(sheet.saveButton()).click();
        assertThat(as(anna, () -> ratings.forSession(session.id()))).singleElement().satisfies(r -> {
            assertThat(r.raterKind()).isEqualTo(Rater.OBSERVER);
            assertThat(r.raterUser()).isEqualTo(olga.created().id());
            assertThat(r.total()).isEqualTo(5.5);
        });
        assertThat(as(olga, () -> ratings.forSession(session.id()))).extracting(Rating::raterKind).containsExactly(Rater.OBSERVER);
    }
}
