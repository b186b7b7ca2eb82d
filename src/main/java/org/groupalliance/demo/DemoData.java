package org.groupalliance.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.groupalliance.base.GroupId;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.MemberForm;
import org.groupalliance.capture.RatingService;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.outcome.OutcomeService;
import org.groupalliance.outcome.Timepoint;
import org.groupalliance.capture.Schedule;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SiteId;
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
import org.groupalliance.security.CreatedUser;
import org.groupalliance.security.FirstRunBanner;
import org.groupalliance.security.NewUser;
import org.groupalliance.security.Role;
import org.groupalliance.security.SiteService;
import org.groupalliance.security.SystemActor;
import org.groupalliance.security.UserService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A small living clinic for the embedded default: one site, two facilitators and a researcher, a
 * closed CBT group and an open interpersonal group with past sessions, attendance and subgroups.
 * Entirely fictional; made through the same services (and audit log) as real data. Deterministic
 * apart from the generated passwords and dates relative to today.
 */
@Component
public class DemoData {

    /** Accounts created by {@link #seed()}, with their one-time passwords. */
    public record Accounts(List<CreatedUser> users) {
    }

    private final SiteService sites;
    private final UserService users;
    private final GroupService groups;
    private final MemberService members;
    private final SubgroupService subgroups;
    private final SessionService sessions;
    private final MeasurementPlanService plans;
    private final RatingService ratings;
    private final InstrumentService instruments;
    private final OutcomeService outcomes;
    private final org.groupalliance.capture.ApplicableItems applicable;
    private final java.time.Clock clock;

    DemoData(SiteService sites, UserService users, GroupService groups, MemberService members, SubgroupService subgroups,
             SessionService sessions, MeasurementPlanService plans, RatingService ratings, InstrumentService instruments, OutcomeService outcomes,
             org.groupalliance.capture.ApplicableItems applicable, java.time.Clock clock) {
        this.applicable = applicable;
        this.clock = clock;
        this.outcomes = outcomes;
        this.sites = sites;
        this.users = users;
        this.groups = groups;
        this.members = members;
        this.subgroups = subgroups;
        this.sessions = sessions;
        this.plans = plans;
        this.ratings = ratings;
        this.instruments = instruments;
    }

    /** Seeds the demo unless any site exists already; prints the demo accounts once. */
    @Transactional
    public Optional<Accounts> seedIfEmpty() {
        return SystemActor.call(() -> sites.findAll().isEmpty() ? Optional.of(seed()) : Optional.empty());
    }

    private Accounts seed() {
        SiteId site = sites.create("Riverside Clinic (demo)").id();
        CreatedUser anna = users.create(new NewUser("anna.leader", "Anna Lindqvist (demo)", Role.FACILITATOR, Optional.of(site)));
        CreatedUser ben = users.create(new NewUser("ben.leader", "Ben Okafor (demo)", Role.FACILITATOR, Optional.of(site)));
        CreatedUser rita = users.create(new NewUser("rita.research", "Rita Research (demo)", Role.RESEARCHER, Optional.of(site)));
        CreatedUser olga = users.create(new NewUser("olga.observer", "Olga Observer (demo)", Role.OBSERVER, Optional.of(site)));
        Random random = new Random(20261127L);

        // a closed CBT group, halfway through: 8 members, one dropped out after session 4
        LocalDate start1 = LocalDate.now(clock).minusWeeks(7);
        Group cbt = groups.create(new GroupData(site, "Tuesday CBT for anxiety (demo)", Modality.CBT, GroupFormat.CLOSED, 12, start1,
                PhaseBoundaries.thirds(12), Set.of(anna.id(), ben.id())));
        Map<String, MemberId> c = new LinkedHashMap<>();
        String[] names = {"Robin", "Sasha", "Kim", "Jules", "Noor", "Eli", "Mika", "Toni"};
        for (int i = 1; i <= 8; i++) {
            String code = String.format("RC-%02d", i);
            boolean dropped = i == 6;
            MemberData d = new MemberData(code, names[i - 1] + " (demo)", 1, dropped ? 4 : null,
                    dropped ? EndStatus.DROPPED_OUT : EndStatus.ONGOING, dropped ? "Moved away; ended by phone call" : null);
            c.put(code, members.add(cbt.id(), d).id());
        }
        subgroups.create(cbt.id(), "Panic focus", Set.of(c.get("RC-01"), c.get("RC-03"), c.get("RC-05")), 1);
        subgroups.create(cbt.id(), "Social anxiety pair", Set.of(c.get("RC-02"), c.get("RC-07")), 3);
        plan(cbt.id(), "SESSION-ALLIANCE-4", Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of());
        plan(cbt.id(), "GROUP-CLIMATE-12", Set.of(Rater.MEMBER, Rater.LEADER, Rater.OBSERVER), new Schedule(Schedule.Kind.SESSIONS, null, List.of(3, 6, 9, 12), null),
                false, false, List.of());
        plan(cbt.id(), "GROUP-ALLIANCE-3L", Set.of(Rater.MEMBER, Rater.LEADER), new Schedule(Schedule.Kind.EVERY_KTH, 3, null, null), false, false, List.of());
        plan(cbt.id(), "CORE-10", Set.of(Rater.MEMBER), new Schedule(Schedule.Kind.NONE, null, null, null), true, true, List.of(12));
        groups.assignObserver(cbt.id(), olga.id());
        outcomeForms(cbt.id(), "CORE-10", Timepoint.baseline(), c.values(), random, 0.55);
        holdSessions(cbt.id(), start1, 7, random, "Psychoeducation; group norms agreed");

        // an open interpersonal group: members join and leave between sessions
        LocalDate start2 = LocalDate.now(clock).minusWeeks(9);
        Group ipt = groups.create(new GroupData(site, "Thursday interpersonal group (demo)", Modality.INTERPERSONAL, GroupFormat.OPEN, 20,
                start2, PhaseBoundaries.thirds(20), Set.of(ben.id())));
        Map<String, MemberId> o = new LinkedHashMap<>();
        int[][] spans = {{1, 0}, {1, 0}, {1, 6}, {1, 8}, {3, 0}, {5, 0}, {7, 0}, {9, 0}};
        EndStatus[] ends = {EndStatus.ONGOING, EndStatus.ONGOING, EndStatus.TRANSFERRED, EndStatus.COMPLETED, EndStatus.ONGOING,
                EndStatus.ONGOING, EndStatus.ONGOING, EndStatus.ONGOING};
        String[] names2 = {"Ari", "Bo", "Cleo", "Dani", "Emery", "Fin", "Gale", "Harper"};
        for (int i = 0; i < spans.length; i++) {
            String code = String.format("RT-%02d", i + 1);
            Integer left = spans[i][1] == 0 ? null : spans[i][1];
            String reason = ends[i] == EndStatus.TRANSFERRED ? "Transferred to individual therapy" : ends[i] == EndStatus.COMPLETED ? "Goals reached" : null;
            o.put(code, members.add(ipt.id(), new MemberData(code, names2[i] + " (demo)", spans[i][0], left, ends[i], reason)).id());
        }
        var newcomers = subgroups.create(ipt.id(), "New members", Set.of(o.get("RT-05")), 3);
        subgroups.update(newcomers.id(), newcomers.version(), "New members", Set.of(o.get("RT-05"), o.get("RT-06")), 5);
        var updated = subgroups.findByGroup(ipt.id()).stream().filter(s -> s.id().equals(newcomers.id())).findFirst().orElseThrow();
        subgroups.update(updated.id(), updated.version(), "New members", Set.of(o.get("RT-06"), o.get("RT-07")), 7);
        plan(ipt.id(), "GROUP-SESSION-ALLIANCE-4", Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of());
        plan(ipt.id(), "MEMBER-GROUP-ALLIANCE", Set.of(Rater.MEMBER, Rater.LEADER), new Schedule(Schedule.Kind.EVERY_KTH, 4, null, null), false, false, List.of());
        plan(ipt.id(), "PHQ-9", Set.of(Rater.MEMBER), new Schedule(Schedule.Kind.PHASES, null, null, Set.of(org.groupalliance.roster.Phase.LATE)),
                true, true, List.of(12, 26));
        outcomeForms(ipt.id(), "PHQ-9", Timepoint.baseline(), o.values(), random, 0.5);
        holdSessions(ipt.id(), start2, 9, random, "Here-and-now focus on feedback between members");
        // the two members who have left have their post questionnaires (severity drawn around 0.15 and 0.42 of the scale)
        outcomeForms(ipt.id(), "PHQ-9", Timepoint.post(), List.of(o.get("RT-04")), random, 0.15);
        outcomeForms(ipt.id(), "PHQ-9", Timepoint.post(), List.of(o.get("RT-03")), random, 0.42);

        return new Accounts(List.of(anna, ben, rita, olga));
    }

    private void plan(GroupId group, String code, Set<Rater> raters, Schedule schedule, boolean baseline, boolean post, List<Integer> followUps) {
        plans.save(group, new PlanEntryData(code, raters, schedule, baseline, post, followUps), null);
    }

    private void holdSessions(GroupId group, LocalDate start, int count, Random random, String firstNote) {
        // ratings are seeded per held session, so the plan must exist first (see seed())
        for (int n = 1; n <= count; n++) {
            GroupSession s = sessions.create(group, new SessionData(n, start.plusWeeks(n - 1), n == 1 ? firstNote : null));
            List<Member> expected = new ArrayList<>();
            sessions.attendance(s.id()).forEach(row -> expected.add(row.member()));
            Map<MemberId, AttendanceStatus> sheet = new LinkedHashMap<>();
            for (Member m : expected) {
                double u = random.nextDouble();
                sheet.put(m.id(), u < 0.78 ? AttendanceStatus.PRESENT : u < 0.88 ? AttendanceStatus.ABSENT
                        : u < 0.95 ? AttendanceStatus.LATE : AttendanceStatus.LEFT_EARLY);
            }
            sessions.recordAttendance(s.id(), s.version(), sheet);
            rateSession(group, s, sheet, random);
        }
    }

    /**
     * Members' forms for every instrument the plan asks members to complete at this session, for
     * the members who attended: alliance rising slowly over the sessions with noise, one member
     * (the third) dipping in the middle of the group, the kind of pattern a rupture alert should catch.
     */
    private void rateSession(GroupId group, GroupSession s, Map<MemberId, AttendanceStatus> attendance, Random random) {
        for (var entry : plans.dueAt(group, s.number())) {
            if (!entry.data().raters().contains(Rater.MEMBER)) {
                continue;
            }
            InstrumentDefinition def = instruments.current(entry.data().instrumentCode()).orElseThrow().definition();
            List<MemberForm> forms = new ArrayList<>();
            int index = 0;
            for (var e : attendance.entrySet()) {
                index++;
                if (!e.getValue().attended()) {
                    continue;
                }
                boolean dipping = index == 3 && s.number() >= 4 && s.number() <= 6;
                double level = 0.72 + 0.02 * s.number() + 0.04 * ((index * 7) % 5 - 2) / 2.0 - (dipping ? 0.25 : 0);
                double[] responses = new double[def.items().size()];
                java.util.Set<Integer> notApplicable = applicable.notApplicable(def, s, e.getKey());
                for (InstrumentDefinition.Item item : def.items()) {
                    double share = Math.max(0, Math.min(1, level + 0.06 * random.nextGaussian()));
                    if (notApplicable.contains(item.number())) {
                        responses[item.number() - 1] = Double.NaN; // a subgroup item for a member in no subgroup: not asked
                        continue;
                    }
                    boolean negative = def.subscales().stream().anyMatch(sub -> (sub.name().equals("Avoiding") || sub.name().equals("Conflict"))
                            && sub.items().contains(item.number()));
                    if (negative) {
                        share = 1 - share;
                    }
                    double v = item.min() + share * (item.max() - item.min());
                    responses[item.number() - 1] = item.type() == InstrumentDefinition.ResponseType.VISUAL_ANALOGUE
                            ? Math.round(v * 10) / 10.0 : Math.round(v);
                }
                forms.add(new MemberForm(e.getKey(), responses, null));
            }
            if (!forms.isEmpty()) {
                ratings.recordMemberForms(s.id(), def.code(), forms);
            }
        }
    }

    /**
     * Outcome questionnaires at a timepoint: each item near {@code severity} (0 = no problems,
     * 1 = the worst answer) with noise; reverse-keyed items are answered the other way round.
     */
    private void outcomeForms(GroupId group, String code, Timepoint timepoint, java.util.Collection<MemberId> who, Random random, double severity) {
        InstrumentDefinition def = instruments.current(code).orElseThrow().definition();
        boolean higherIsBetter = def.direction() == InstrumentDefinition.Direction.HIGHER_IS_BETTER;
        List<MemberForm> forms = new ArrayList<>();
        for (MemberId m : who) {
            double level = Math.max(0, Math.min(1, severity + 0.12 * random.nextGaussian()));
            double[] responses = new double[def.items().size()];
            for (InstrumentDefinition.Item item : def.items()) {
                double share = Math.max(0, Math.min(1, level + 0.15 * random.nextGaussian()));
                boolean flip = def.reversedItems().contains(item.number()) != higherIsBetter;
                responses[item.number() - 1] = Math.round(item.min() + (flip ? 1 - share : share) * (item.max() - item.min()));
            }
            forms.add(new MemberForm(m, responses, null));
        }
        outcomes.record(group, code, timepoint, forms);
    }

    static void print(Accounts accounts) {
        List<String> lines = new ArrayList<>();
        for (CreatedUser u : accounts.users()) {
            lines.add(u.username() + " / " + u.initialPassword());
        }
        FirstRunBanner.print("Demo data created (fictional). Demo accounts (facilitators lead the demo groups; the observer rates the CBT group; the researcher sees no clinical identities):",
                lines.toArray(String[]::new));
    }

}
