package org.groupalliance.insight;

import static org.groupalliance.support.Actors.as;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.MemberId;
import org.groupalliance.base.SiteId;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.outcome.OutcomeService;
import org.groupalliance.outcome.Timepoint;
import org.groupalliance.roster.AttendanceStatus;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.SessionData;
import org.groupalliance.roster.SessionService;
import org.groupalliance.support.Actors;
import org.groupalliance.support.TestGroups;
import org.springframework.context.ApplicationContext;

/**
 * The data set of src/test/resources/insight/association.R stored through the real services:
 * four closed groups of six members at one site (groups 1-3 led by {@code first}, group 4 by
 * {@code second}); plan MEMBER-GROUP-ALLIANCE and SESSION-OUTCOME-4 every session (members), PHQ-9
 * at baseline and post; 8 sessions with attendance (member 6 of group 2 absent at session 3), the
 * members' forms of sessions.csv and the PHQ-9 forms of prepost.csv (no post for member 5 of group 3).
 */
public final class AssociationDbFixture {

    /** The groups in R's order (group 1 first). */
    public record Data(List<TestGroups.TestGroup> groups) {
        public TestGroups.TestGroup group(int oneBased) {
            return groups.get(oneBased - 1);
        }
    }

    private AssociationDbFixture() {
    }

    public static Data build(ApplicationContext ctx, Actors.Account first, Actors.Account second, SiteId site) {
        return build(ctx, first, second, site, AssociationFixture.GROUPS);
    }

    /** The first {@code groupCount} groups only (the view test needs one). */
    public static Data build(ApplicationContext ctx, Actors.Account first, Actors.Account second, SiteId site, int groupCount) {
        SessionService sessions = ctx.getBean(SessionService.class);
        RatingService ratings = ctx.getBean(RatingService.class);
        MeasurementPlanService plans = ctx.getBean(MeasurementPlanService.class);
        OutcomeService outcomes = ctx.getBean(OutcomeService.class);
        List<Map<String, String>> forms = AssociationFixture.rows("sessions.csv");
        List<Map<String, String>> prepost = AssociationFixture.rows("prepost.csv");
        List<TestGroups.TestGroup> made = new ArrayList<>();
        for (int g = 1; g <= groupCount; g++) {
            Actors.Account leader = g == 4 ? second : first;
            TestGroups.TestGroup tg = TestGroups.closedGroup(ctx, leader, site, "Association group " + g + " ", AssociationFixture.MEMBERS);
            made.add(tg);
            var id = tg.group().id();
            as(leader, () -> {
                plans.save(id, new PlanEntryData("MEMBER-GROUP-ALLIANCE", Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null);
                plans.save(id, new PlanEntryData("SESSION-OUTCOME-4", Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of()), null);
                plans.save(id, new PlanEntryData("PHQ-9", Set.of(Rater.MEMBER), new Schedule(Schedule.Kind.NONE, null, null, null), true, true, List.of()),
                        null);
            });
            final int group = g;
            for (int s = 1; s <= AssociationFixture.SESSIONS; s++) {
                final int number = s;
                GroupSession session = as(leader, () -> sessions.create(id, new SessionData(number, LocalDate.of(2026, 1, 6).plusWeeks(number - 1), null)));
                Map<MemberId, AttendanceStatus> sheet = new HashMap<>();
                List<MemberForm> alliance = new ArrayList<>();
                List<MemberForm> outcome = new ArrayList<>();
                for (int m = 1; m <= AssociationFixture.MEMBERS; m++) {
                    sheet.put(tg.member(m).id(), AttendanceStatus.ABSENT);
                }
                for (Map<String, String> r : forms) {
                    if ((int) AssociationFixture.num(r, "group") == group && (int) AssociationFixture.num(r, "session") == number) {
                        MemberId m = tg.member((int) AssociationFixture.num(r, "member")).id();
                        sheet.put(m, AttendanceStatus.PRESENT);
                        alliance.add(new MemberForm(m, values(r, "a", 4), null));
                        outcome.add(new MemberForm(m, values(r, "o", 4), null));
                    }
                }
                GroupSession taken = as(leader, () -> sessions.recordAttendance(session.id(), session.version(), sheet));
                as(leader, () -> {
                    ratings.recordMemberForms(taken.id(), "MEMBER-GROUP-ALLIANCE", alliance);
                    ratings.recordMemberForms(taken.id(), "SESSION-OUTCOME-4", outcome);
                });
            }
            List<MemberForm> pre = new ArrayList<>();
            List<MemberForm> post = new ArrayList<>();
            for (Map<String, String> r : prepost) {
                if ((int) AssociationFixture.num(r, "group") == group) {
                    MemberId m = tg.member((int) AssociationFixture.num(r, "member")).id();
                    pre.add(new MemberForm(m, AssociationFixture.items(r, "pre"), null));
                    double[] after = AssociationFixture.items(r, "post");
                    if (!Double.isNaN(after[0])) {
                        post.add(new MemberForm(m, after, null));
                    }
                }
            }
            as(leader, () -> {
                outcomes.record(id, "PHQ-9", Timepoint.baseline(), pre);
                outcomes.record(id, "PHQ-9", Timepoint.post(), post);
            });
        }
        return new Data(List.copyOf(made));
    }

    private static double[] values(Map<String, String> r, String prefix, int k) {
        double[] v = new double[k];
        for (int i = 0; i < k; i++) {
            v[i] = AssociationFixture.num(r, prefix + (i + 1));
        }
        return v;
    }
}
