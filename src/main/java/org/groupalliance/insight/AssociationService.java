package org.groupalliance.insight;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.capture.MeasurementPlanService;
import org.groupalliance.capture.PlanEntry;
import org.groupalliance.capture.Schedule;
import org.groupalliance.insight.Association.Choice;
import org.groupalliance.insight.Association.GroupLink;
import org.groupalliance.insight.Association.Measure;
import org.groupalliance.insight.Association.MemberLink;
import org.groupalliance.insight.Association.Model;
import org.groupalliance.insight.Association.Options;
import org.groupalliance.insight.Association.Outcome;
import org.groupalliance.insight.Association.Period;
import org.groupalliance.insight.Association.Pooled;
import org.groupalliance.insight.Association.WithinPerson;
import org.groupalliance.insight.AssociationStatistics.AllianceObs;
import org.groupalliance.insight.AssociationStatistics.MemberMean;
import org.groupalliance.insight.AssociationStatistics.OutcomeObs;
import org.groupalliance.insight.AssociationStatistics.PrePost;
import org.groupalliance.insight.internal.AssociationRepository;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Construct;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.roster.Group;
import org.groupalliance.roster.GroupService;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.Phase;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.CurrentUser;
import org.groupalliance.security.Role;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The alliance–outcome link (issue 10, section 2) for a chosen measure × rater × period × outcome:
 * per group, pooled over the groups the user may see, per member (within-person), at session
 * level, with aggregation evidence. The statistics are {@link AssociationStatistics}' (every number
 * from the engine); this service decides who sees what:
 * <ul>
 *   <li>one group ({@link #forGroup}, {@link #withinPersonByMember}, {@link #summaryFor},
 *       {@link #options}): its leaders and admins ({@link GroupService#get} refuses other groups with
 *       "not found"); results carry member codes, never display names;</li>
 *   <li>pooled ({@link #pooled}): a facilitator's own groups, a researcher's site's groups (labelled
 *       "Group 1", "Group 2", ... without names), every group for admins; the set is chosen in SQL;</li>
 *   <li>observers: nothing (refused before the method runs).</li>
 * </ul>
 */
@Service
public class AssociationService {

    private static final String LEADERS = "hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "')";
    private static final String POOLERS = "hasAnyRole('" + Roles.ADMIN + "','" + Roles.FACILITATOR + "','" + Roles.RESEARCHER + "')";
    private static final Set<Construct> ALLIANCE = EnumSet.of(Construct.ALLIANCE, Construct.COHESION, Construct.SESSION_FEEDBACK);

    private final AssociationRepository repository;
    private final GroupService groups;
    private final MemberService members;
    private final MeasurementPlanService plans;
    private final InstrumentService instruments;
    private final CurrentUser currentUser;

    AssociationService(AssociationRepository repository, GroupService groups, MemberService members, MeasurementPlanService plans,
                       InstrumentService instruments, CurrentUser currentUser) {
        this.repository = repository;
        this.groups = groups;
        this.members = members;
        this.plans = plans;
        this.instruments = instruments;
        this.currentUser = currentUser;
    }

    /** What the group's plan offers to relate, and the default choice (null when it offers no measure or no baseline/post outcome). */
    @PreAuthorize(LEADERS)
    @Transactional(readOnly = true)
    public Options options(GroupId groupId) {
        List<Measure> measures = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        String sessionOutcome = null;
        for (PlanEntry e : plans.plan(groupId)) {
            InstrumentDefinition def = instruments.current(e.data().instrumentCode()).map(i -> i.definition()).orElse(null);
            if (def == null) {
                continue;
            }
            boolean sessions = e.data().schedule().kind() != Schedule.Kind.NONE;
            if (ALLIANCE.contains(def.construct()) && sessions) {
                measures.add(new Measure(def.code(), def.name(), e.data().raters()));
            } else if (def.construct() == Construct.OUTCOME) {
                if (e.data().atBaseline() && e.data().atPost()) {
                    outcomes.add(new Outcome(def.code(), def.name(), def.direction() == InstrumentDefinition.Direction.HIGHER_IS_WORSE, def.reliableChange()));
                }
                if (sessions && sessionOutcome == null && e.data().raters().contains(Rater.MEMBER)) {
                    sessionOutcome = def.code();
                }
            }
        }
        Choice defaults = null;
        if (!measures.isEmpty()) {
            Measure m = measures.stream().filter(x -> x.raters().contains(Rater.MEMBER)).findFirst().orElse(measures.getFirst());
            Rater rater = m.raters().contains(Rater.MEMBER) ? Rater.MEMBER : m.raters().iterator().next();
            defaults = new Choice(m.code(), rater, Period.WHOLE, outcomes.isEmpty() ? null : outcomes.getFirst().code(), sessionOutcome);
        }
        return new Options(measures, outcomes, sessionOutcome, defaults);
    }

    /** The link within one group: member points (codes), alliance against residualised gain and RCI, agreement, notes. */
    @PreAuthorize(LEADERS)
    @Transactional(readOnly = true)
    public GroupLink forGroup(GroupId groupId, Choice choice) {
        Group group = groups.get(groupId);
        List<Long> ids = List.of(groupId.value());
        List<MemberMean> means = AssociationStatistics.memberMeans(alliance(ids, choice), choice.period());
        InstrumentDefinition outcome = outcomeDefinition(choice);
        if (outcome == null) {
            return AssociationStatistics.groupLink(choice, group.name(), means, Map.of(), null, false, ranvar(choice));
        }
        GroupLink link = AssociationStatistics.groupLink(choice, group.name(), means, prePost(ids, choice.outcomeCode()), outcome.reliableChange(),
                outcome.direction() == InstrumentDefinition.Direction.HIGHER_IS_WORSE, ranvar(choice));
        Map<String, String> codes = codes(groupId);
        List<MemberLink> coded = link.members().stream().map(m -> new MemberLink(codes.getOrDefault(m.member(), "?"), m.sessions(), m.alliance(), m.pre(),
                m.post(), m.residualisedGain(), m.rci())).toList();
        return new GroupLink(link.choice(), link.groupName(), link.membersWithAlliance(), link.membersComplete(), coded, link.gain(), link.rci(),
                link.agreement(), link.description(), link.notes());
    }

    /**
     * Per member of the group with session pairs: the within-person correlation of their session
     * alliance (in the chosen period) with their outcome at the next session (at least 6 pairs for
     * a correlation). Empty when the plan measures no outcome at sessions.
     */
    @PreAuthorize(LEADERS)
    @Transactional(readOnly = true)
    public Map<MemberId, WithinPerson> withinPersonByMember(GroupId groupId, Choice choice) {
        groups.get(groupId);
        if (choice.sessionOutcomeCode() == null) {
            return Map.of();
        }
        List<Long> ids = List.of(groupId.value());
        Map<MemberId, WithinPerson> out = new LinkedHashMap<>();
        AssociationStatistics.withinPerson(AssociationStatistics.pairs(alliance(ids, choice), sessionOutcome(ids, choice.sessionOutcomeCode()),
                choice.period())).forEach((m, w) -> out.put(MemberId.of(Long.parseLong(m)), w));
        return out;
    }

    /**
     * {@link #withinPersonByMember} with members' own ratings over the whole course for each of
     * several measures of one group, the ratings of all of them and of the session outcome read in
     * one query (the insight page and report show it for every member-rated measure; item responses
     * are not needed for pairs). Keyed by measure code in the given order. Not public: the caller
     * ({@link MemberInsightService#withinPerson}) has checked access to the group.
     */
    Map<String, Map<MemberId, WithinPerson>> withinPersonOfMembers(GroupId groupId, List<String> measureCodes, String sessionOutcomeCode) {
        Map<String, Map<MemberId, WithinPerson>> out = new LinkedHashMap<>();
        if (sessionOutcomeCode == null) {
            return out;
        }
        List<String> codes = new ArrayList<>(measureCodes);
        codes.add(sessionOutcomeCode);
        Map<String, List<AssociationRepository.ScoreRow>> rows = repository.memberSessionTotals(groupId.value(), codes);
        List<OutcomeObs> outcome = rows.getOrDefault(sessionOutcomeCode, List.of()).stream().map(AssociationService::outcomeObs).toList();
        for (String code : measureCodes) {
            List<AllianceObs> alliance = rows.getOrDefault(code, List.of()).stream().map(AssociationService::allianceObs).toList();
            Map<MemberId, WithinPerson> byMember = new LinkedHashMap<>();
            AssociationStatistics.withinPerson(AssociationStatistics.pairs(alliance, outcome, Period.WHOLE))
                    .forEach((m, w) -> byMember.put(MemberId.of(Long.parseLong(m)), w));
            out.put(code, byMember);
        }
        return out;
    }

    /**
     * Pooled over every group the current user may see: the member-level within/between model, the
     * session-level model, aggregation evidence. Researchers get groups as "Group 1", "Group 2", ....
     */
    @PreAuthorize(POOLERS)
    @Transactional(readOnly = true)
    public Pooled pooled(Choice choice) {
        return pooled(choice, null);
    }

    /** As {@link #pooled(Choice)} with the df method forced (null = by the number of groups). */
    @PreAuthorize(POOLERS)
    @Transactional(readOnly = true)
    public Pooled pooled(Choice choice, org.groupalliance.analysis.MixedModel.Ddf ddf) {
        AppUserPrincipal me = currentUser.get().orElseThrow(() -> new NotFoundException("pooled association"));
        List<Long> ids = repository.visibleGroupIds(me.role().name(), me.userId().map(u -> u.value()).orElse(null));
        Map<Long, String> names = repository.groupNames(ids);
        Map<String, String> labels = new LinkedHashMap<>();
        int k = 1;
        for (var e : names.entrySet()) {
            labels.put(String.valueOf(e.getKey()), me.role() == Role.RESEARCHER ? "Group " + k++ : e.getValue());
        }
        List<AllianceObs> obs = alliance(ids, choice);
        List<MemberMean> means = AssociationStatistics.memberMeans(obs, choice.period());
        List<String> notes = new ArrayList<>();
        Model memberModel;
        if (choice.outcomeCode() == null) {
            memberModel = null;
            notes.add("No outcome with baseline and post is chosen, so there is no member-level model.");
        } else {
            memberModel = AssociationStatistics.memberModel(means, prePost(ids, choice.outcomeCode()), ddf);
        }
        Model sessionModel = choice.sessionOutcomeCode() == null ? null
                : AssociationStatistics.sessionModel(AssociationStatistics.pairs(obs, sessionOutcome(ids, choice.sessionOutcomeCode()), choice.period()), ddf);
        int groupsWithData = (int) means.stream().map(MemberMean::group).distinct().count();
        int membersWithData = memberModel == null ? means.size() : memberModel.nObs();
        boolean description = groupsWithData < AssociationStatistics.MIN_GROUPS || membersWithData < AssociationStatistics.MIN_MEMBERS;
        if (description) {
            notes.add("With " + groupsWithData + " group" + (groupsWithData == 1 ? "" : "s") + " and " + membersWithData
                    + " members this is a description, not evidence (at least 3 groups and 10 members are needed).");
        }
        return new Pooled(choice, List.copyOf(labels.values()), membersWithData, memberModel, sessionModel,
                AssociationStatistics.aggregation(means, labels, ranvar(choice)), description, notes);
    }

    /** The default view's answer for a group (first measure, members' ratings, whole course, first outcome): one sentence plus the numbers. */
    @PreAuthorize(LEADERS)
    @Transactional(readOnly = true)
    public AssociationSummary summaryFor(GroupId groupId) {
        Group group = groups.get(groupId);
        Options options = options(groupId);
        Choice choice = options.defaultChoice();
        if (choice == null || choice.outcomeCode() == null) {
            String missing = options.measures().isEmpty() ? "no alliance or cohesion measure at sessions" : "no outcome at baseline and post";
            return new AssociationSummary(groupId, group.name(), choice, "The measurement plan has " + missing
                    + ", so the link between alliance and improvement cannot be shown.", "", null, options);
        }
        GroupLink link = forGroup(groupId, choice);
        Outcome outcome = options.outcomes().stream().filter(o -> o.code().equals(choice.outcomeCode())).findFirst().orElseThrow();
        return new AssociationSummary(groupId, group.name(), choice, AssociationText.sentence(outcome.code(), outcome.higherIsWorse(), link.gain()),
                AssociationText.caveat(link), link, options);
    }

    // ---- loading -----------------------------------------------------------------------------------

    private List<AllianceObs> alliance(Collection<Long> ids, Choice choice) {
        return repository.sessionScores(ids, choice.measureCode(), choice.rater().name()).stream().map(AssociationService::allianceObs).toList();
    }

    private List<OutcomeObs> sessionOutcome(Collection<Long> ids, String code) {
        return repository.sessionScores(ids, code, Rater.MEMBER.name()).stream().map(AssociationService::outcomeObs).toList();
    }

    private static AllianceObs allianceObs(AssociationRepository.ScoreRow r) {
        return new AllianceObs(String.valueOf(r.groupId()), String.valueOf(r.memberId()), r.session(), Phase.valueOf(r.phase()), r.total(), r.items());
    }

    private static OutcomeObs outcomeObs(AssociationRepository.ScoreRow r) {
        return new OutcomeObs(String.valueOf(r.groupId()), String.valueOf(r.memberId()), r.session(), r.total());
    }

    private Map<String, PrePost> prePost(Collection<Long> ids, String code) {
        Map<String, double[]> v = new LinkedHashMap<>();
        for (AssociationRepository.OutcomeRow r : repository.prePost(ids, code)) {
            double[] pp = v.computeIfAbsent(String.valueOf(r.memberId()), m -> new double[] {Double.NaN, Double.NaN});
            pp[r.timepoint().equals("BASELINE") ? 0 : 1] = r.total();
        }
        Map<String, PrePost> out = new HashMap<>();
        v.forEach((m, pp) -> out.put(m, new PrePost(m, pp[0], pp[1])));
        return out;
    }

    private InstrumentDefinition outcomeDefinition(Choice choice) {
        return choice.outcomeCode() == null ? null : instruments.current(choice.outcomeCode()).map(i -> i.definition()).orElse(null);
    }

    private double ranvar(Choice choice) {
        return instruments.current(choice.measureCode()).map(i -> AssociationStatistics.ranvar(i.definition())).orElse(Double.NaN);
    }

    private Map<String, String> codes(GroupId groupId) {
        Map<String, String> out = new HashMap<>();
        for (Member m : members.findByGroup(groupId)) {
            out.put(String.valueOf(m.id().value()), m.code());
        }
        return out;
    }
}
