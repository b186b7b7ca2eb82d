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
import org.groupalliance.security.OperatorActor;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.Role;
import org.groupalliance.security.SiteService;
import org.groupalliance.security.SystemActor;
import org.groupalliance.security.UserService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A small living clinic for the embedded default, two sites. Riverside Clinic: two facilitators, a
 * researcher (rita) and an observer, a closed CBT group halfway through and an open interpersonal
 * group with past sessions, attendance and subgroups; two more facilitators with four completed
 * closed groups (six groups at Riverside, enough for rita's pooled alliance-outcome model: a
 * researcher sees one site). Hillside Centre, made after Riverside with its own seed so that
 * Riverside is exactly the one-site demo (ids, ratings, rita's export): its own facilitator (hana)
 * and researcher (hugo) and two completed groups from the same generator, one of which also
 * measures the session outcome scale every session, going with the previous session's alliance
 * ({@link #sessionOutcomeShare}), so that its members have a within-person r.
 * The ratings tell a story ({@link #share}): members' alliance dips in the middle phase and
 * recovers, one member of the CBT group (RC-03) rates below the session-alliance cut-off
 * throughout while the leader rates them close to the others, and members with a higher alliance
 * improve more on the outcome (with noise). Entirely fictional; made through the same services
 * (and audit log) as real data, leaders' and observers' ratings as those accounts. Deterministic
 * (fixed seeds) apart from the generated passwords and dates relative to today.
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
    private final UserDetailsService accounts;

    DemoData(SiteService sites, UserService users, GroupService groups, MemberService members, SubgroupService subgroups,
             SessionService sessions, MeasurementPlanService plans, RatingService ratings, InstrumentService instruments, OutcomeService outcomes,
             org.groupalliance.capture.ApplicableItems applicable, java.time.Clock clock, UserDetailsService accounts) {
        this.accounts = accounts;
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
        Map<MemberId, Double> cbtLevels = levels(c.values(), 0.95);
        cbtLevels.put(c.get("RC-03"), 0.78); // the member whose session alliance stays under the cut-off
        holdSessions(cbt, start1, 7, random, "Psychoeducation; group norms agreed", cbtLevels, principal(anna), principal(olga));

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
        holdSessions(ipt, start2, 9, random, "Here-and-now focus on feedback between members", levels(o.values(), 0.93), principal(ben), null);
        // the two members who have left have their post questionnaires (severity drawn around 0.15 and 0.42 of the scale)
        outcomeForms(ipt.id(), "PHQ-9", Timepoint.post(), List.of(o.get("RT-04")), random, 0.15);
        outcomeForms(ipt.id(), "PHQ-9", Timepoint.post(), List.of(o.get("RT-03")), random, 0.42);

        // four completed groups with baseline and post outcome for everyone, at the same site: a researcher sees one
        // site, and the researcher's pooled model (and the export tests) need all six groups in rita's view
        CreatedUser carla = users.create(new NewUser("carla.leader", "Carla Mendes (demo)", Role.FACILITATOR, Optional.of(site)));
        CreatedUser dan = users.create(new NewUser("dan.leader", "Dan Whitfield (demo)", Role.FACILITATOR, Optional.of(site)));
        Random story = new Random(20261129L);
        String[][] completed = {{"Monday CBT for depression (demo)", "MD"}, {"Wednesday CBT for depression (demo)", "WD"},
                {"Spring mood group (demo)", "SM"}, {"Autumn mood group (demo)", "AM"}};
        for (int g = 0; g < completed.length; g++) {
            CreatedUser leader = g % 2 == 0 ? carla : dan;
            completedGroup(site, leader, completed[g][0], completed[g][1], LocalDate.now(clock).minusWeeks(40 - 4L * g), story, false);
        }

        // a second site, made after Riverside (so Riverside's ids, seeds and rita's view are those of the one-site demo):
        // its own facilitator and researcher; the researchers each see their own site only
        SiteId hillside = sites.create("Hillside Centre (demo)").id();
        CreatedUser hana = users.create(new NewUser("hana.leader", "Hana Sato (demo)", Role.FACILITATOR, Optional.of(hillside)));
        CreatedUser hugo = users.create(new NewUser("hugo.research", "Hugo Research (demo)", Role.RESEARCHER, Optional.of(hillside)));
        Random hill = new Random(20261130L);
        String[][] hillGroups = {{"Hillside evening mood group (demo)", "HE"}, {"Hillside morning CBT group (demo)", "HM"}};
        for (int g = 0; g < hillGroups.length; g++) {
            // the first also measures the session outcome at every session, so its members have a within-person r
            completedGroup(hillside, hana, hillGroups[g][0], hillGroups[g][1], LocalDate.now(clock).minusWeeks(30 - 4L * g), hill, g == 0);
        }
        return new Accounts(List.of(anna, ben, rita, olga, carla, dan, hana, hugo));
    }

    /**
     * A finished closed group of 12 sessions and 8 members: session alliance every session, the
     * goal-task-bond alliance by members and leader every second session, PHQ-9 at baseline and
     * post. The group has its own level (between-group spread); post severity falls more for
     * members with a higher alliance level. With {@code sessionOutcome}, members also complete the
     * session outcome scale (SESSION-OUTCOME-4) every session, going with their previous session's
     * alliance ({@link #sessionOutcomeShare}).
     */
    private void completedGroup(SiteId site, CreatedUser leader, String name, String prefix, LocalDate start, Random random, boolean sessionOutcome) {
        Group group = groups.create(new GroupData(site, name, Modality.CBT, GroupFormat.CLOSED, 12, start, PhaseBoundaries.thirds(12), Set.of(leader.id())));
        Map<String, MemberId> ids = new LinkedHashMap<>();
        for (int i = 1; i <= 8; i++) {
            String code = String.format("%s-%02d", prefix, i);
            ids.put(code, members.add(group.id(), new MemberData(code, null, 1, null, EndStatus.ONGOING, null)).id());
        }
        plan(group.id(), "SESSION-ALLIANCE-4", Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of());
        plan(group.id(), "GTB-12", Set.of(Rater.MEMBER, Rater.LEADER), new Schedule(Schedule.Kind.EVERY_KTH, 2, null, null), false, false, List.of());
        plan(group.id(), "PHQ-9", Set.of(Rater.MEMBER), new Schedule(Schedule.Kind.NONE, null, null, null), true, true, List.of());
        if (sessionOutcome) {
            plan(group.id(), "SESSION-OUTCOME-4", Set.of(Rater.MEMBER), Schedule.everySession(), false, false, List.of());
        }
        double groupLevel = 0.92 + 0.03 * random.nextGaussian();
        Map<MemberId, Double> levels = new LinkedHashMap<>();
        Map<MemberId, Double> baseline = new LinkedHashMap<>();
        Map<MemberId, Double> post = new LinkedHashMap<>();
        for (MemberId m : ids.values()) {
            double level = Math.min(0.99, groupLevel + 0.04 * random.nextGaussian());
            double before = 0.6 + 0.08 * random.nextGaussian();
            levels.put(m, level);
            baseline.put(m, before);
            // improvement (share of the scale) rises with alliance: 0.2 at a level of .92, 2 x the level's distance from it, plus
            // noise (as seeded: r = .73 of mean session alliance with PHQ-9 gain over the 32 members of the completed groups)
            post.put(m, before - (0.2 + 2.0 * (level - 0.92)) + 0.10 * random.nextGaussian());
        }
        outcomeForms(group.id(), "PHQ-9", Timepoint.baseline(), baseline, random);
        holdSessions(group, start, 12, random, null, levels, principal(leader), null);
        outcomeForms(group.id(), "PHQ-9", Timepoint.post(), post, random);
    }

    /** Members' alliance levels (share of the scale) around {@code centre}, spread by their order, deterministic. */
    private static Map<MemberId, Double> levels(java.util.Collection<MemberId> who, double centre) {
        Map<MemberId, Double> out = new LinkedHashMap<>();
        int index = 0;
        for (MemberId m : who) {
            index++;
            out.put(m, centre + 0.03 * ((index * 7) % 5 - 2) / 2.0);
        }
        return out;
    }

    /**
     * The share of an instrument's range (0 = its lowest answer, 1 = its highest) that a member with
     * alliance {@code level} gives at a session: a slow rise over the sessions and a dip in the
     * middle phase, deepest at its centre (0.07) and gone again in the late phase.
     */
    static double share(double level, int session, PhaseBoundaries b) {
        double centre = (b.middleFrom() + b.middleTo()) / 2.0;
        double half = (b.middleTo() - b.middleFrom()) / 2.0 + 1;
        double dip = 0.07 * Math.max(0, 1 - Math.abs(session - centre) / half);
        return level + 0.003 * (session - 1) - dip;
    }

    /**
     * The share of a session outcome scale's range (higher is better) that a member with alliance
     * {@code level} gives at {@code session}: 0.6, plus twice how far their alliance at the previous
     * session ({@link #share}) lay from their level, so the middle-phase dip is followed by a worse
     * next session and the recovery by a better one (the within-person association); at the first
     * session the previous session is taken to be at the level.
     */
    static double sessionOutcomeShare(double level, int session, PhaseBoundaries b) {
        double previous = session <= 1 ? level : share(level, session - 1, b);
        return 0.6 + 2.0 * (previous - level);
    }

    private AppUserPrincipal principal(CreatedUser user) {
        return (AppUserPrincipal) accounts.loadUserByUsername(user.username());
    }

    private void plan(GroupId group, String code, Set<Rater> raters, Schedule schedule, boolean baseline, boolean post, List<Integer> followUps) {
        plans.save(group, new PlanEntryData(code, raters, schedule, baseline, post, followUps), null);
    }

    private void holdSessions(Group g, LocalDate start, int count, Random random, String firstNote, Map<MemberId, Double> levels,
                              AppUserPrincipal leader, AppUserPrincipal observer) {
        GroupId group = g.id();
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
            rateSession(group, s, sheet, random, levels, g.data().phases());
            rateMembers(group, s, sheet, random, levels, g.data().phases(), Rater.LEADER, leader);
            rateMembers(group, s, sheet, random, levels, g.data().phases(), Rater.OBSERVER, observer);
        }
    }

    /**
     * Leaders' (or observers') ratings of each member present, where the plan asks that rater at this
     * session and the instrument rates members: an observer sees the member's level; the leader sees
     * less spread than there is (level pulled 60 % of the way to .92), so a member with a low alliance
     * is rated higher by the leader than by themselves.
     */
    private void rateMembers(GroupId group, GroupSession s, Map<MemberId, AttendanceStatus> attendance, Random random, Map<MemberId, Double> levels,
                             PhaseBoundaries phases, Rater rater, AppUserPrincipal who) {
        if (who == null) {
            return;
        }
        for (var entry : plans.dueAt(group, s.number())) {
            InstrumentDefinition def = instruments.current(entry.data().instrumentCode()).orElseThrow().definition();
            if (!entry.data().raters().contains(rater) || !org.groupalliance.capture.ExpectedForms.ratesMembers(def)) {
                continue;
            }
            List<org.groupalliance.capture.LeaderForm> forms = new ArrayList<>();
            for (var e : attendance.entrySet()) {
                if (!e.getValue().attended()) {
                    continue;
                }
                double level = levels.getOrDefault(e.getKey(), 0.92);
                double seen = rater == Rater.LEADER ? 0.92 + 0.4 * (level - 0.92) : level;
                forms.add(new org.groupalliance.capture.LeaderForm(org.groupalliance.capture.RatingTarget.member(e.getKey()),
                        responses(def, s, e.getKey(), share(seen, s.number(), phases), random), null));
            }
            if (!forms.isEmpty()) {
                OperatorActor.as(who, () -> rater == Rater.LEADER ? ratings.recordLeaderRatings(s.id(), def.code(), forms)
                        : ratings.recordObserverRatings(s.id(), def.code(), forms));
            }
        }
    }

    /**
     * Members' forms for every instrument the plan asks members to complete at this session, for
     * the members who attended, each around the member's level at that session ({@link #share}).
     */
    private void rateSession(GroupId group, GroupSession s, Map<MemberId, AttendanceStatus> attendance, Random random, Map<MemberId, Double> levels,
                             PhaseBoundaries phases) {
        for (var entry : plans.dueAt(group, s.number())) {
            if (!entry.data().raters().contains(Rater.MEMBER)) {
                continue;
            }
            InstrumentDefinition def = instruments.current(entry.data().instrumentCode()).orElseThrow().definition();
            boolean outcome = def.construct() == InstrumentDefinition.Construct.OUTCOME;
            if (outcome && def.direction() != InstrumentDefinition.Direction.HIGHER_IS_BETTER) {
                continue; // session forms of a symptom questionnaire (higher is worse): not part of the story
            }
            List<MemberForm> forms = new ArrayList<>();
            for (var e : attendance.entrySet()) {
                if (!e.getValue().attended()) {
                    continue;
                }
                double memberLevel = levels.getOrDefault(e.getKey(), 0.92);
                // session outcome (higher is better) after the previous session's alliance; alliance ratings around today's
                double level = outcome ? sessionOutcomeShare(memberLevel, s.number(), phases) : share(memberLevel, s.number(), phases);
                forms.add(new MemberForm(e.getKey(), responses(def, s, e.getKey(), level, random), null));
            }
            if (!forms.isEmpty()) {
                ratings.recordMemberForms(s.id(), def.code(), forms);
            }
        }
    }

    /**
     * One form's item answers around {@code level} (share of each item's range) with noise; items
     * of the avoiding and conflict subscales answered the other way round; items that do not apply
     * (a subgroup item for a member in no subgroup) left empty.
     */
    private double[] responses(InstrumentDefinition def, GroupSession s, MemberId member, double level, Random random) {
        double[] responses = new double[def.items().size()];
        java.util.Set<Integer> notApplicable = applicable.notApplicable(def, s, member);
        for (InstrumentDefinition.Item item : def.items()) {
            double share = Math.max(0, Math.min(1, level + 0.04 * random.nextGaussian()));
            if (notApplicable.contains(item.number())) {
                responses[item.number() - 1] = Double.NaN;
                continue;
            }
            boolean negative = def.subscales().stream().anyMatch(sub -> (sub.name().equals("Avoiding") || sub.name().equals("Conflict"))
                    && sub.items().contains(item.number()));
            if (negative) {
                share = 1 - share;
            }
            double v = item.min() + share * (item.max() - item.min());
            responses[item.number() - 1] = item.type() == InstrumentDefinition.ResponseType.VISUAL_ANALOGUE ? Math.round(v * 10) / 10.0 : Math.round(v);
        }
        return responses;
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

    /** Outcome questionnaires at a timepoint with each member's own severity (0 = no problems, 1 = the worst answer), items with noise. */
    private void outcomeForms(GroupId group, String code, Timepoint timepoint, Map<MemberId, Double> severity, Random random) {
        InstrumentDefinition def = instruments.current(code).orElseThrow().definition();
        boolean higherIsBetter = def.direction() == InstrumentDefinition.Direction.HIGHER_IS_BETTER;
        List<MemberForm> forms = new ArrayList<>();
        for (var e : severity.entrySet()) {
            double level = Math.max(0, Math.min(1, e.getValue()));
            double[] responses = new double[def.items().size()];
            for (InstrumentDefinition.Item item : def.items()) {
                double share = Math.max(0, Math.min(1, level + 0.1 * random.nextGaussian()));
                boolean flip = def.reversedItems().contains(item.number()) != higherIsBetter;
                responses[item.number() - 1] = Math.round(item.min() + (flip ? 1 - share : share) * (item.max() - item.min()));
            }
            forms.add(new MemberForm(e.getKey(), responses, null));
        }
        outcomes.record(group, code, timepoint, forms);
    }

    static void print(Accounts accounts) {
        List<String> lines = new ArrayList<>();
        for (CreatedUser u : accounts.users()) {
            lines.add(u.username() + " / " + u.initialPassword());
        }
        FirstRunBanner.print("Demo data created (fictional), two sites. Demo accounts (Riverside Clinic: anna and ben lead the demo groups, carla and dan "
                        + "the four completed groups, the observer rates the CBT group, rita is its researcher; Hillside Centre: hana leads its two "
                        + "completed groups, hugo is its researcher; a researcher sees their own site only and no clinical identities):",
                lines.toArray(String[]::new));
    }

}
