package org.groupalliance.rupture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.SessionId;
import org.groupalliance.capture.RatingTarget;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.measure.InstrumentDefinition.Construct;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.measure.InstrumentJson;
import org.groupalliance.rupture.internal.AlertRepository;
import org.groupalliance.rupture.internal.AlertRepository.NewAlert;
import org.groupalliance.rupture.internal.EvaluationReader;
import org.groupalliance.rupture.internal.EvaluationReader.GroupData;
import org.groupalliance.rupture.internal.EvaluationReader.RatingRow;
import org.groupalliance.rupture.internal.EvaluationReader.SessionRow;
import org.groupalliance.rupture.internal.SettingRepository;
import org.groupalliance.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Evaluates the alert rules ({@link AlertRules}) for a session and every later session of its
 * group, and stores the findings idempotently: a finding whose key (group, session, instrument,
 * rule, subject) is stored already is not stored twice, a changed finding gets its new text, and
 * an active alert whose rule no longer fires is withdrawn. Later sessions are evaluated too because
 * their rules compare with earlier ratings (a drop with the member's previous rating, the group
 * rules with the previous session, outcome with the first rating): correcting session 3 can raise
 * or withdraw an alert at session 4.
 *
 * <p>Cost: everything is read by {@link EvaluationReader} in three set-based queries (one UNION ALL
 * of sessions, members with subgroups, settings, outcome baselines and the definitions used; rating
 * headers; answers and subscale scores) plus one for the stored alerts of the evaluated sessions,
 * the rules run in memory, and only the differences are written: one multi-row INSERT for new
 * findings, one UPDATE for changed texts, one UPDATE for withdrawals; nothing when nothing changed. The number of
 * statements does not grow with members, sessions or instruments. Runs as the system actor after a
 * save commits ({@link RatingsStoredListener}).
 */
@Service
@PreAuthorize("hasRole('" + Roles.ADMIN + "')")
public class RuptureEvaluation {

    private final EvaluationReader reader;
    private final AlertRepository alerts;
    private final java.time.Clock clock;
    /** Parsed definitions by their stored JSON (stored versions never change; keyed by the text so a different text is parsed anew). */
    private final Map<String, InstrumentDefinition> parsed = new ConcurrentHashMap<>();

    RuptureEvaluation(EvaluationReader reader, AlertRepository alerts, java.time.Clock clock) {
        this.reader = reader;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** A finding with the instrument it came from and whether it came from a member's own answers. */
    record Found(Finding finding, String instrumentCode, boolean fromMember) {
    }

    /** Evaluates every rule for the session and the group's later sessions; returns the alerts stored new by this call. */
    @Transactional
    public List<Alert> evaluate(SessionId sessionId) {
        EvaluationReader.SessionRef session = reader.sessionOf(sessionId).orElseThrow(() -> new NotFoundException("Session"));
        return evaluateFrom(session.group(), session.number());
    }

    /** Evaluates every rule for the group's sessions numbered {@code fromSession} and later; returns the alerts stored new by this call. */
    @Transactional
    public List<Alert> evaluateFrom(GroupId group, int fromSession) {
        GroupData data = reader.load(group, fromSession);
        List<SessionRow> evaluated = data.sessions().stream().filter(s -> s.number() >= fromSession).toList();
        if (evaluated.isEmpty()) {
            return List.of();
        }
        Map<String, Alert> existing = new HashMap<>();
        alerts.findFromSession(group, fromSession).forEach(a -> existing.put(key(a.groupId(), a.sessionId(), a.instrumentCode(), a.rule(), a.subject()), a));
        List<NewAlert> inserts = new ArrayList<>();
        Map<String, String> refreshes = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (SessionRow session : evaluated) {
            for (Found f : findings(data, session.number())) {
                String key = key(group, session.id(), f.instrumentCode(), f.finding().rule(), f.finding().subject());
                if (!seen.add(key)) {
                    continue;
                }
                Alert old = existing.get(key);
                if (old == null) {
                    inserts.add(new NewAlert(group, session.id(), session.number(), f.instrumentCode(), f.finding().rule(), f.finding().subject(),
                            f.finding().member(), key, f.finding().text(), f.fromMember()));
                } else if (!old.text().equals(f.finding().text()) || old.status() == Alert.Status.WITHDRAWN) {
                    refreshes.put(key, f.finding().text());
                }
            }
        }
        List<String> withdrawn = existing.entrySet().stream().filter(e -> !seen.contains(e.getKey()) && e.getValue().status() == Alert.Status.ACTIVE)
                .map(Map.Entry::getKey).toList();
        var now = org.groupalliance.base.Times.nowUtc(clock);
        alerts.insertAll(inserts, now);
        alerts.refreshAll(refreshes);
        alerts.withdrawAll(withdrawn, now);
        return alerts.findByKeys(inserts.stream().map(NewAlert::key).toList());
    }

    static String key(GroupId g, SessionId s, String instrument, AlertRule rule, String subject) {
        return g.value() + "|" + s.value() + "|" + instrument + "|" + rule.name() + "|" + subject;
    }

    /** Every rule at one session, from the data read; pure (no database). */
    List<Found> findings(GroupData data, int session) {
        List<RatingRow> now = data.ratings().stream().filter(r -> r.session() == session).toList();
        if (now.isEmpty()) {
            return List.of();
        }
        Map<MemberId, String> codes = data.codes();
        List<Found> out = new ArrayList<>();
        Map<MemberId, List<Finding>> concerns = new HashMap<>();
        Set<String> codesRated = now.stream().map(RatingRow::instrumentCode).collect(Collectors.toCollection(java.util.TreeSet::new));
        for (String code : codesRated) {
            List<RatingRow> own = now.stream().filter(r -> r.instrumentCode().equals(code) && r.own()).toList();
            if (own.isEmpty()) {
                continue;
            }
            InstrumentDefinition def = definition(data, code, own.get(0).instrumentVersion());
            RuleSettings rs = settingsFor(data.settings().get(code), def);
            List<String> labels = def.items().stream().map(InstrumentDefinition.Item::label).toList();

            // the members' own earlier ratings of this instrument, oldest session first
            List<RatingRow> earlier = data.ratings().stream().filter(r -> r.own() && r.instrumentCode().equals(code) && r.session() < session).toList();
            // each member's previous rating (their latest earlier one), and the previous session the group rated this instrument
            Map<MemberId, Score> previous = new HashMap<>();
            for (RatingRow r : earlier) {
                Score p = previous.get(r.raterMember());
                if (p == null || p.session() < r.session()) {
                    previous.put(r.raterMember(), score(r));
                }
            }
            int prevNumber = earlier.stream().mapToInt(RatingRow::session).max().orElse(0);
            List<MemberScore> prevGroup = prevNumber == 0 ? null
                    : earlier.stream().filter(r -> r.session() == prevNumber).map(r -> memberScore(r, codes)).toList();
            Map<MemberId, Score> baseline = def.construct() == Construct.OUTCOME && def.reliableChange() != null
                    ? baselines(data, code, earlier) : Map.of();

            List<MemberScore> current = own.stream().map(r -> memberScore(r, codes)).toList();
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
                    AlertRules.groupMeanFall(current, session, prevGroup, prevNumber, rs).ifPresent(f -> out.add(new Found(f, code, true)));
                    AlertRules.spread(current, session, prevGroup, prevNumber, rs).forEach(f -> out.add(new Found(f, code, true)));
                    Map<String, Set<MemberId>> subs = new LinkedHashMap<>();
                    data.memberships().stream().filter(m -> m.activeAt(session))
                            .forEach(m -> subs.computeIfAbsent(m.subgroup(), k -> new java.util.HashSet<>()).add(m.member()));
                    AlertRules.subgroupLow(current, subs, rs).forEach(f -> out.add(new Found(f, code, true)));
                }
            }
        }
        // leader-member mismatch: the leader's alliance rating of a member whose own rating is at concern level
        for (RatingRow r : now) {
            if (r.raterKind() != Rater.LEADER || r.targetKind() != RatingTarget.Kind.MEMBER || !concerns.containsKey(r.targetMember())) {
                continue;
            }
            InstrumentDefinition def = definition(data, r.instrumentCode(), r.instrumentVersion());
            if (def.construct() != Construct.ALLIANCE && def.construct() != Construct.SESSION_FEEDBACK) {
                continue;
            }
            double[] range = totalRange(def);
            MemberId m = r.targetMember();
            AlertRules.mismatch(m, codes.getOrDefault(m, "#" + m.value()), concerns.get(m), def.code(), r.total(), range[0], range[1],
                    settingsFor(data.settings().get(def.code()), def)).ifPresent(f -> out.add(new Found(f, def.code(), false)));
        }
        return out;
    }

    /** The member's baseline: the outcome timepoint "baseline" of the same instrument, else their first session rating before this one. */
    private static Map<MemberId, Score> baselines(GroupData data, String code, List<RatingRow> earlier) {
        Map<MemberId, Score> base = new HashMap<>();
        data.baselines().forEach((key, total) -> {
            int bar = key.indexOf('|');
            if (key.substring(bar + 1).equals(code)) {
                base.put(new MemberId(Long.parseLong(key.substring(0, bar))), new Score(0, total, List.of(), Map.of()));
            }
        });
        // earlier is oldest session first: the first one seen is the member's first rating
        earlier.forEach(r -> base.putIfAbsent(r.raterMember(), score(r)));
        return base;
    }

    private InstrumentDefinition definition(GroupData data, String code, int version) {
        String json = data.definitionJson().get(code + " " + version);
        if (json == null) {
            throw new NotFoundException("Instrument " + code + " v" + version);
        }
        return parsed.computeIfAbsent(json, InstrumentJson::read);
    }

    private static Score score(RatingRow r) {
        return new Score(r.session(), r.total(), r.items(), r.subscales());
    }

    private static MemberScore memberScore(RatingRow r, Map<MemberId, String> codes) {
        return new MemberScore(r.raterMember(), codes.getOrDefault(r.raterMember(), "#" + r.raterMember().value()), score(r));
    }

    /** The instrument's rules with this group's overrides. */
    static RuleSettings settingsFor(SettingRepository.GroupSetting groupSetting, InstrumentDefinition def) {
        var own = java.util.Optional.ofNullable(groupSetting);
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
