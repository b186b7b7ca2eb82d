package org.groupalliance.insight;

import static org.groupalliance.support.Actors.as;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.SiteId;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.support.Actors;
import org.groupalliance.support.TestGroups;
import org.springframework.context.ApplicationContext;

/**
 * The group of src/test/resources/insight/make-fixtures.R: 3 members, SESSION-ALLIANCE-4 at
 * sessions 1-6 from forms.csv; session 4 held with no forms; member 2 absent at session 3.
 */
public final class InsightFixture {

    private InsightFixture() {
    }

    public static TestGroups.TestGroup build(ApplicationContext ctx, Actors.Account leader, SiteId site) {
        TestGroups.TestGroup g = TestGroups.closedGroup(ctx, leader, site, "Insight group ", 3);
        SessionService sessions = ctx.getBean(SessionService.class);
        org.groupalliance.roster.MemberService members = ctx.getBean(org.groupalliance.roster.MemberService.class);
        Member first = g.member(1);
        var d = first.data();
        // a display name only the group's own leaders may see
        as(leader, () -> members.update(first.id(), first.version(), new org.groupalliance.roster.MemberData(d.memberCode(), "Fictional One",
                d.joinedSession(), d.leftSession(), d.endStatus(), d.endReason())));
        RatingService ratings = ctx.getBean(RatingService.class);
        MeasurementPlanService plans = ctx.getBean(MeasurementPlanService.class);
        as(leader, () -> plans.save(g.group().id(), new PlanEntryData("SESSION-ALLIANCE-4", Set.of(Rater.MEMBER), Schedule.everySession(), false,
                false, List.of()), null));
        List<String[]> rows = csv("forms.csv");
        for (int s = 1; s <= 6; s++) {
            int number = s;
            GroupSession session = as(leader, () -> sessions.create(g.group().id(), new SessionData(number, LocalDate.of(2026, 1, 6).plusWeeks(number - 1), null)));
            Map<org.groupalliance.base.MemberId, AttendanceStatus> sheet = new HashMap<>();
            for (int m = 1; m <= 3; m++) {
                sheet.put(g.member(m).id(), number == 3 && m == 2 ? AttendanceStatus.ABSENT : AttendanceStatus.PRESENT);
            }
            GroupSession taken = as(leader, () -> sessions.recordAttendance(session.id(), session.version(), sheet));
            List<MemberForm> forms = new ArrayList<>();
            for (String[] r : rows) {
                if (Integer.parseInt(r[1]) == number) {
                    Member m = g.member(Integer.parseInt(r[0]));
                    forms.add(new MemberForm(m.id(), new double[] {Double.parseDouble(r[2]), Double.parseDouble(r[3]), Double.parseDouble(r[4]),
                            Double.parseDouble(r[5])}, null));
                }
            }
            if (!forms.isEmpty()) {
                as(leader, () -> ratings.recordMemberForms(taken.id(), "SESSION-ALLIANCE-4", forms));
            }
        }
        // the rupture rules run after each commit on RuptureEvaluations' workers: wait until the alerts are stored
        if (!ctx.getBean(org.groupalliance.rupture.RuptureEvaluations.class).awaitIdle(java.time.Duration.ofSeconds(30))) {
            throw new IllegalStateException("rupture evaluation not quiet within 30 s");
        }
        return g;
    }

    /** Rows of a CSV written by make-fixtures.R, header dropped, quotes and padding removed. */
    public static List<String[]> csv(String name) {
        try (InputStream in = InsightFixture.class.getResourceAsStream("/insight/" + name)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R");
            List<String[]> out = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    String[] f = lines[i].replace("\"", "").split(",");
                    for (int k = 0; k < f.length; k++) {
                        f[k] = f[k].trim();
                    }
                    out.add(f);
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
