package org.groupalliance.insight;

import static org.groupalliance.support.Actors.as;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.MemberId;
import org.groupalliance.base.SiteId;
import org.groupalliance.capture.LeaderForm;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.outcome.OutcomeService;
import org.groupalliance.outcome.Timepoint;
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
import org.groupalliance.support.Actors;
import org.springframework.context.ApplicationContext;

/**
 * The group of src/test/resources/insight/make-member-fixtures.R: leaders anna and ben, three
 * members (member 1 with a display name), GTB-12 by members and leaders at sessions 1-4 from
 * member-forms.csv, member 3 absent at session 2; PHQ-9 at baseline and post: member 1 15 -> 8
 * (recovered: 7 points better, criterion 6, out of the clinical range at 10), member 2 8 -> 15
 * (deteriorated), member 3 20 -> 12 (improved, still clinical).
 */
public final class MemberInsightFixture {

    /** The group, its members in code order and its sessions in number order. */
    public record Built(Group group, List<Member> members, List<GroupSession> sessions) {
        public Member member(int oneBased) {
            return members.get(oneBased - 1);
        }
    }

    private MemberInsightFixture() {
    }

    public static Built build(ApplicationContext ctx, Actors.Account anna, Actors.Account ben, SiteId site) {
        GroupService groups = ctx.getBean(GroupService.class);
        MemberService members = ctx.getBean(MemberService.class);
        SessionService sessions = ctx.getBean(SessionService.class);
        RatingService ratings = ctx.getBean(RatingService.class);
        MeasurementPlanService plans = ctx.getBean(MeasurementPlanService.class);
        OutcomeService outcomes = ctx.getBean(OutcomeService.class);
        Group group = as(anna, () -> groups.create(new GroupData(site, Actors.unique("Member page group "), Modality.CBT, GroupFormat.CLOSED, 12,
                LocalDate.of(2026, 1, 6), PhaseBoundaries.thirds(12), Set.of(anna.created().id(), ben.created().id()))));
        String prefix = Actors.unique("M").toUpperCase().substring(0, 6);
        List<Member> added = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String code = prefix + "-" + i;
            String name = i == 1 ? "Fictional Member" : null;
            added.add(as(anna, () -> members.add(group.id(), new MemberData(code, name, 1, null, EndStatus.ONGOING, null))));
        }
        as(anna, () -> plans.save(group.id(), new PlanEntryData("GTB-12", Set.of(Rater.MEMBER, Rater.LEADER), Schedule.everySession(), false, false,
                List.of()), null));
        as(anna, () -> plans.save(group.id(), new PlanEntryData("PHQ-9", Set.of(Rater.MEMBER), new Schedule(Schedule.Kind.NONE, null, null, null), true,
                true, List.of()), null));
        List<String[]> rows = InsightFixture.csv("member-forms.csv");
        List<GroupSession> held = new ArrayList<>();
        for (int s = 1; s <= 4; s++) {
            int number = s;
            GroupSession session = as(anna, () -> sessions.create(group.id(), new SessionData(number, LocalDate.of(2026, 1, 6).plusWeeks(number - 1), null)));
            Map<MemberId, AttendanceStatus> sheet = new LinkedHashMap<>();
            for (int m = 1; m <= 3; m++) {
                sheet.put(added.get(m - 1).id(), number == 2 && m == 3 ? AttendanceStatus.ABSENT : AttendanceStatus.PRESENT);
            }
            GroupSession taken = as(anna, () -> sessions.recordAttendance(session.id(), session.version(), sheet));
            held.add(taken);
            List<MemberForm> own = new ArrayList<>();
            Map<String, List<LeaderForm>> byLeader = new LinkedHashMap<>();
            for (String[] r : rows) {
                if (Integer.parseInt(r[1]) != number) {
                    continue;
                }
                MemberId m = added.get(Integer.parseInt(r[0]) - 1).id();
                double[] items = new double[12];
                for (int k = 0; k < 12; k++) {
                    items[k] = Double.parseDouble(r[3 + k]);
                }
                if (r[2].equals("own")) {
                    own.add(new MemberForm(m, items, null));
                } else {
                    byLeader.computeIfAbsent(r[2], k -> new ArrayList<>()).add(new LeaderForm(RatingTarget.member(m), items, null));
                }
            }
            as(anna, () -> ratings.recordMemberForms(taken.id(), "GTB-12", own));
            byLeader.forEach((who, forms) -> as(who.equals("anna") ? anna : ben, () -> ratings.recordLeaderRatings(taken.id(), "GTB-12", forms)));
        }
        double[][] pre = {{2, 2, 2, 2, 2, 2, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 1, 1, 0}, {3, 3, 2, 2, 2, 2, 2, 2, 2}};
        double[][] post = {{1, 1, 1, 1, 1, 1, 1, 1, 0}, {2, 2, 2, 2, 2, 2, 1, 1, 1}, {2, 2, 2, 2, 1, 1, 1, 1, 0}};
        as(anna, () -> outcomes.record(group.id(), "PHQ-9", Timepoint.baseline(), List.of(new MemberForm(added.get(0).id(), pre[0], null),
                new MemberForm(added.get(1).id(), pre[1], null), new MemberForm(added.get(2).id(), pre[2], null))));
        as(anna, () -> outcomes.record(group.id(), "PHQ-9", Timepoint.post(), List.of(new MemberForm(added.get(0).id(), post[0], null),
                new MemberForm(added.get(1).id(), post[1], null), new MemberForm(added.get(2).id(), post[2], null))));
        return new Built(group, List.copyOf(added), List.copyOf(held));
    }
}
