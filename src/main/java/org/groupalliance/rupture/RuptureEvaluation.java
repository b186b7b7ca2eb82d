package org.groupalliance.rupture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.capture.Rating;
import org.groupalliance.capture.RatingService;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Construct;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentService;
import org.groupalliance.outcome.OutcomeRating;
import org.groupalliance.outcome.OutcomeService;
import org.groupalliance.outcome.Timepoint;
import org.groupalliance.roster.GroupSession;
import org.groupalliance.roster.Member;
import org.groupalliance.roster.MemberService;
import org.groupalliance.roster.SessionService;
import org.groupalliance.roster.SubgroupService;
import org.groupalliance.rupture.internal.AlertRepository;
import org.groupalliance.rupture.internal.AlertRepository.NewAlert;
import org.groupalliance.rupture.internal.SettingRepository;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Evaluates the alert rules ({@link AlertRules}) for one session from the stored ratings, read
 * through capture's {@link RatingService}, and stores the findings idempotently: a finding whose key
 * (group, session, instrument, rule, subject) is stored already is not stored twice, a changed
 * finding gets its new text, and an active alert whose rule no longer fires is withdrawn. Runs as
 * the system actor after a save commits ({@link RatingsStoredListener}).
 */
@Service
@PreAuthorize("hasRole('" + Roles.ADMIN + "')")
public class RuptureEvaluation {

    private final RatingService ratings;
    private final SessionService sessions;
    private final MemberService members;
    private final SubgroupService subgroups;
    private final InstrumentService instruments;
    private final OutcomeService outcomes;
    private final AlertRepository alerts;
    private final SettingRepository settings;
    private final java.time.Clock clock;

    RuptureEvaluation(RatingService ratings, SessionService sessions, MemberService members, SubgroupService subgroups, InstrumentService instruments,
                      OutcomeService outcomes, AlertRepository alerts, SettingRepository settings,
                      java.time.Clock clock) {
        this.ratings = ratings;
        this.sessions = sessions;
        this.members = members;
        this.subgroups = subgroups;
        this.instruments = instruments;
        this.outcomes = outcomes;
        this.alerts = alerts;
        this.settings = settings;
        this.clock = clock;
    }

    /** A finding with the instrument it came from and whether it came from a member's own answers. */
    record Found(Finding finding, String instrumentCode, boolean fromMember) {
    }

    /** Evaluates every rule for the session; returns the alerts stored new by this call. */
    @Transactional
    public List<Alert> evaluate(SessionId sessionId) {
        GroupSession session = sessions.get(sessionId);
        GroupId group = session.groupId();
        List<Found> found = findings(session);
        Map<String, Alert> existing = new HashMap<>();
        alerts.findBySession(sessionId).forEach(a -> existing.put(key(a.groupId(), a.sessionId(), a.instrumentCode(), a.rule(), a.subject()), a));
        var now = org.groupalliance.base.Times.nowUtc(clock);
        List<AlertId> created = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Found f : found) {
            String key = key(group, sessionId, f.instrumentCode(), f.finding().rule(), f.finding().subject());
            if (!seen.add(key)) {
                continue;
            }
            Alert old = existing.get(key);
            if (old == null) {
                created.add(alerts.insert(new NewAlert(group, sessionId, session.number(), f.instrumentCode(), f.finding().rule(), f.finding().subject(),
                        f.finding().member(), key, f.finding().text(), f.fromMember()), now));
            } else if (!old.text().equals(f.finding().text()) || old.status() == Alert.Status.WITHDRAWN) {
                alerts.refresh(key, f.finding().text());
            }
        }
        existing.forEach((key, a) -> {
            if (!seen.contains(key) && a.status() == Alert.Status.ACTIVE) {
                alerts.withdraw(key, now);
            }
        });
        return created.stream().map(id -> alerts.find(id).orElseThrow()).toList();
    }

    static String key(GroupId g, SessionId s, String instrument, AlertRule rule, String subject) {
        return g.value() + "|" + s.value() + "|" + instrument + "|" + rule.name() + "|" + subject;
    }

    private List<Found> findings(GroupSession session) {
        GroupId group = session.groupId();
        List<Rating> now = ratings.forSession(session.id());
        if (now.isEmpty()) {
            return List.of();
        }
        Map<MemberId, String> codes = members.findByGroup(group).stream().collect(Collectors.toMap(Member::id, Member::code));
        List<GroupSession> earlier = sessions.findByGroup(group).stream().filter(s -> s.number() < session.number())
                .sorted(Comparator.comparingInt(GroupSession::number).reversed()).toList();
        Map<Integer, List<Rating>> cache = new HashMap<>();
        java.util.function.Function<GroupSession, List<Rating>> at = s -> cache.computeIfAbsent(s.number(), n -> ratings.forSession(s.id()));

        List<Found> out = new ArrayList<>();
        Map<MemberId, List<Finding>> concerns = new HashMap<>();
        Set<String> codesRated = now.stream().map(Rating::instrumentCode).collect(Collectors.toCollection(java.util.TreeSet::new));
        for (String code : codesRated) {
            List<Rating> own = now.stream().filter(r -> r.instrumentCode().equals(code) && isOwn(r)).toList();
            if (own.isEmpty()) {
                continue;
            }
            InstrumentDefinition def = instruments.get(code, own.get(0).instrumentVersion()).definition();
            RuleSettings rs = settingsFor(group, def);
            List<String> labels = def.items().stream().map(InstrumentDefinition.Item::label).toList();

            // each member's previous rating, and the previous session the group rated this instrument
            Map<MemberId, Score> previous = new HashMap<>();
            List<MemberScore> prevGroup = null;
            int prevNumber = 0;
            for (GroupSession s : earlier) {
                List<Rating> rs2 = at.apply(s).stream().filter(r -> r.instrumentCode().equals(code) && isOwn(r)).toList();
                if (!rs2.isEmpty() && prevGroup == null) {
                    prevGroup = rs2.stream().map(r -> memberScore(r, s.number(), codes)).toList();
                    prevNumber = s.number();
                }
                rs2.forEach(r -> previous.putIfAbsent(r.raterMember(), score(r, s.number())));
                if (prevGroup != null && own.stream().allMatch(r -> previous.containsKey(r.raterMember()))) {
                    break;
                }
            }
            Map<MemberId, Score> baseline = def.construct() == Construct.OUTCOME && def.reliableChange() != null
                    ? baselines(group, code, earlier, at, own) : Map.of();

            List<MemberScore> current = own.stream().map(r -> memberScore(r, session.number(), codes)).toList();
            for (MemberScore m : current) {
                Score prev = previous.get(m.member());
                List<Finding> c = AlertRules.concern(m.member(), m.code(), m.score(), prev, rs, labels);
                c.forEach(f -> out.add(new Found(f, code, true)));
                if (!c.isEmpty()) {
                    concerns.computeIfAbsent(m.member(), k -> new ArrayList<>()).addAll(c);
                }
                AlertRules.drop(m.member(), m.code(), m.score(), prev, rs).ifPresent(f -> out.add(new Found(f, code, true)));
                AlertRules.offTrack(m.member(), m.code(), m.score(), baseline.get(m.member()), rs).ifPresent(f -> out.add(new Found(f, code, true)));
            }
            if (def.construct() != Construct.OUTCOME) {
                Set<String> climate = def.subscales().stream().map(InstrumentDefinition.Subscale::name)
                        .filter(n -> n.toLowerCase().contains("conflict") || n.toLowerCase().contains("avoid")).collect(Collectors.toSet());
                if (!climate.isEmpty()) {
                    // a climate scale's total mixes positive and negative subscales: only the subscale rule applies
                    AlertRules.climateRise(current, prevGroup, prevNumber, climate, rs).forEach(f -> out.add(new Found(f, code, true)));
                } else if (def.direction() == InstrumentDefinition.Direction.HIGHER_IS_BETTER) {
                    AlertRules.groupMeanFall(current, session.number(), prevGroup, prevNumber, rs).ifPresent(f -> out.add(new Found(f, code, true)));
                    AlertRules.spread(current, session.number(), prevGroup, prevNumber, rs).forEach(f -> out.add(new Found(f, code, true)));
                    Map<String, Set<MemberId>> subs = new LinkedHashMap<>();
                    subgroups.findByGroup(group).forEach(sg -> subs.put(sg.name(),
                            sg.membersAt(session.number()).stream().map(org.groupalliance.roster.SubgroupMembership::memberId).collect(Collectors.toSet())));
                    subs.values().removeIf(Set::isEmpty);
                    AlertRules.subgroupLow(current, subs, rs).forEach(f -> out.add(new Found(f, code, true)));
                }
            }
        }
        // leader-member mismatch: the leader's alliance rating of a member whose own rating is at concern level
        for (Rating r : now) {
            if (r.raterKind() != Rater.LEADER || r.target().kind() != RatingTarget.Kind.MEMBER || !concerns.containsKey(r.target().member())) {
                continue;
            }
            InstrumentDefinition def = instruments.get(r.instrumentCode(), r.instrumentVersion()).definition();
            if (def.construct() != Construct.ALLIANCE && def.construct() != Construct.SESSION_FEEDBACK) {
                continue;
            }
            double[] range = totalRange(def);
            MemberId m = r.target().member();
            AlertRules.mismatch(m, codes.getOrDefault(m, "#" + m.value()), concerns.get(m), def.code(), r.total(), range[0], range[1],
                    settingsFor(group, def)).ifPresent(f -> out.add(new Found(f, def.code(), false)));
        }
        return out;
    }

    /** The member's baseline: the outcome timepoint "baseline" of the same instrument, else their first session rating. */
    private Map<MemberId, Score> baselines(GroupId group, String code, List<GroupSession> earlier,
                                           java.util.function.Function<GroupSession, List<Rating>> at, List<Rating> own) {
        Map<MemberId, Score> base = new HashMap<>();
        for (OutcomeRating o : outcomes.forGroup(group)) {
            if (o.instrumentCode().equals(code) && o.timepoint().kind() == Timepoint.Kind.BASELINE) {
                base.put(o.member(), new Score(0, o.total(), o.responses(), o.subscales()));
            }
        }
        List<GroupSession> ascending = earlier.reversed();
        for (GroupSession s : ascending) {
            if (own.stream().allMatch(r -> base.containsKey(r.raterMember()))) {
                break;
            }
            at.apply(s).stream().filter(r -> r.instrumentCode().equals(code) && isOwn(r)).forEach(r -> base.putIfAbsent(r.raterMember(), score(r, s.number())));
        }
        return base;
    }

    /** A member's own form: rated by the member about themself. */
    private static boolean isOwn(Rating r) {
        return r.raterKind() == Rater.MEMBER && r.raterMember() != null;
    }

    private static Score score(Rating r, int session) {
        return new Score(session, r.total(), r.responses(), r.subscales());
    }

    private static MemberScore memberScore(Rating r, int session, Map<MemberId, String> codes) {
        return new MemberScore(r.raterMember(), codes.getOrDefault(r.raterMember(), "#" + r.raterMember().value()), score(r, session));
    }

    /** The instrument's rules with this group's overrides. */
    RuleSettings settingsFor(GroupId group, InstrumentDefinition def) {
        var own = settings.find(group, def.code());
        InstrumentDefinition.Concern c = def.concern();
        Double drop = own.map(SettingRepository.GroupSetting::dropOf).orElse(null);
        drop = drop != null ? drop : c.dropOf();
        Double fall = own.map(SettingRepository.GroupSetting::groupFallOf).orElse(null);
        fall = fall != null ? fall : def.reliableChange() != null ? def.reliableChange() : c.dropOf();
        InstrumentDefinition.Item first = def.items().get(0);
        double width = first.max() - first.min();
        double ranvar = first.type() == InstrumentDefinition.ResponseType.VISUAL_ANALOGUE ? width * width / 12 : ((width + 1) * (width + 1) - 1) / 12;
        return new RuleSettings(c.totalBelow(), c.itemBelow(), drop, def.reliableChange(), def.direction() == InstrumentDefinition.Direction.HIGHER_IS_BETTER,
                fall, RuleSettings.CLIMATE_RISE, ranvar, RuleSettings.RWG_BELOW, RuleSettings.SD_RATIO, RuleSettings.SUBGROUP_SDS, RuleSettings.WELL_AT_PERCENT);
    }

    /** Lowest and highest possible total: a sum spans k times the item range, a mean the item range. */
    static double[] totalRange(InstrumentDefinition def) {
        double min = def.items().stream().mapToDouble(InstrumentDefinition.Item::min).sum();
        double max = def.items().stream().mapToDouble(InstrumentDefinition.Item::max).sum();
        if (def.scoring().method() == org.groupalliance.analysis.ScaleScoring.Method.MEAN) {
            return new double[] {min / def.items().size(), max / def.items().size()};
        }
        return new double[] {min, max};
    }
}
