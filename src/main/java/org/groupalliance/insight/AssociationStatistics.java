package org.groupalliance.insight;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.groupalliance.analysis.Aggregation;
import org.groupalliance.analysis.BivariateRegression;
import org.groupalliance.analysis.Correlation;
import org.groupalliance.analysis.LinearRegression;
import org.groupalliance.analysis.MixedModel;
import org.groupalliance.analysis.ReliableChange;
import org.groupalliance.analysis.data.DataTable;
import org.groupalliance.analysis.model.Formula;
import org.groupalliance.insight.Association.Choice;
import org.groupalliance.insight.Association.FitStatus;
import org.groupalliance.insight.Association.GroupAgreement;
import org.groupalliance.insight.Association.GroupLink;
import org.groupalliance.insight.Association.Link;
import org.groupalliance.insight.Association.MemberLink;
import org.groupalliance.insight.Association.Model;
import org.groupalliance.insight.Association.Period;
import org.groupalliance.insight.Association.Slope;
import org.groupalliance.insight.Association.Term;
import org.groupalliance.insight.Association.WithinPerson;
import org.groupalliance.roster.Phase;

/**
 * The alliance–outcome statistics on plain observations, every number from the engine
 * ({@code org.groupalliance.analysis}); {@link AssociationService} loads the observations.
 *
 * <ul>
 *   <li><b>Member level.</b> A member's alliance is the mean over the period's sessions of their
 *       session score (several raters at one session averaged first). Residualised gain: the
 *       residual of {@code lm(post ~ pre)} within the group ({@link LinearRegression#residualisedGain});
 *       RCI {@code = 1.96 (post - pre) / criterion} ({@link ReliableChange#classifyByCriterion}).
 *       Each is correlated with alliance ({@link Correlation}, as {@code cor.test}) and regressed on
 *       it ({@link BivariateRegression}, as {@code lm}).</li>
 *   <li><b>Pooled</b> (Enders and Tofighi 2007, centring within cluster):
 *       {@code outcome_post ~ alliance_within + alliance_between + outcome_pre + (1 | group)} with
 *       {@code alliance_between} the group's mean of its complete members' alliance and
 *       {@code alliance_within} the member's deviation from it; REML; Kenward–Roger df below
 *       {@value #KENWARD_ROGER_BELOW} groups (Kenward and Roger 1997; McNeish 2017 for few clusters),
 *       Satterthwaite otherwise.</li>
 *   <li><b>Session level</b> (Curran and Bauer 2011, disaggregating within- and between-person
 *       effects): pairs of a session's alliance (session t) and the member's outcome at session
 *       t + 1; {@code next_outcome ~ alliance_within + alliance_between + session + (1 | group/member)}
 *       with the person mean over the member's pairs, the deviation from it, and the session number t
 *       as a fixed covariate, so that alliance and outcome both changing over the course is not read
 *       as a within-person effect (Curran and Bauer 2011, on time trends). Per member with at
 *       least {@value #MIN_PAIRS} pairs the within-person r <em>with the session trend removed</em>
 *       ({@link #withinPerson}).</li>
 *   <li><b>Aggregation</b> (Bliese 2000; LeBreton and Senter 2008): ICC(1), ICC(2) of the members'
 *       mean alliance over the period across groups ({@link Aggregation#icc}); rwg(j) per group as
 *       the mean over the period's sessions of the rwg(j) of the members' item responses <em>at that
 *       session</em> ({@link Aggregation#rwgJ}, as {@code multilevel::rwg.j} per rating occasion, s̄²
 *       truncated at the null variance), with the number of sessions it is the mean of; the null is
 *       the variance of a single response under the uniform distribution, {@code (A² - 1) / 12} for A
 *       integer options, {@code (max - min)² / 12} for a visual-analogue line, so it is compared
 *       with single responses, never with members' means over sessions (whose variance is smaller
 *       and would inflate agreement).</li>
 * </ul>
 */
final class AssociationStatistics {

    /** Fewer groups than this: Kenward–Roger df; otherwise Satterthwaite. */
    static final int KENWARD_ROGER_BELOW = 20;
    /** Within-person correlations need at least this many pairs of sessions. */
    static final int MIN_PAIRS = 6;
    /** Under this many members (or {@value #MIN_GROUPS} groups) an estimate is description, not evidence. */
    static final int MIN_MEMBERS = 10;
    static final int MIN_GROUPS = 3;
    static final double ICC1_LOW = 0.05;
    static final double RWG_LOW = 0.70;

    static final String MEMBER_FORMULA = "outcome_post ~ alliance_within + alliance_between + outcome_pre + (1 | group)";
    static final String SESSION_FORMULA = "next_outcome ~ alliance_within + alliance_between + session + (1 | group/member)";

    /** One alliance rating of a member at a session (score and item responses; NaN = missing). */
    record AllianceObs(String group, String member, int session, Phase phase, double score, double[] items) {
    }

    /** A member's outcome measured at a session. */
    record OutcomeObs(String group, String member, int session, double score) {
    }

    /** A member's baseline and post outcome (NaN = missing). */
    record PrePost(String member, double pre, double post) {
    }

    /**
     * A member's alliance over a period: sessions rated, mean score, mean item responses and the
     * item responses at each session number (raters at one session averaged), for rwg(j) per session.
     */
    record MemberMean(String group, String member, int sessions, double mean, double[] items, Map<Integer, List<double[]>> sessionItems) {
        MemberMean {
            sessionItems = Map.copyOf(sessionItems);
        }

        /** Without per-session responses (no rwg(j)). */
        MemberMean(String group, String member, int sessions, double mean, double[] items) {
            this(group, member, sessions, mean, items, Map.of());
        }
    }

    /** A session's alliance and the next session's outcome of one member. */
    record Pair(String group, String member, int session, double alliance, double nextOutcome) {
    }

    private AssociationStatistics() {
    }

    /** Per member (in first-seen order), the mean over the period's sessions of the per-session mean of the ratings. */
    static List<MemberMean> memberMeans(List<AllianceObs> obs, Period period) {
        Map<String, MemberSum> byMember = new LinkedHashMap<>();
        for (Cell cell : perMemberSession(obs, period)) {
            byMember.computeIfAbsent(cell.first.member(), m -> new MemberSum(cell.items.length)).add(cell);
        }
        List<MemberMean> out = new ArrayList<>(byMember.size());
        byMember.forEach((member, sum) -> out.add(sum.mean(member)));
        return out;
    }

    /**
     * A member's ratings at one session (score present, in the period): running sums of the score
     * and of each item (NaN skipped) in the order the ratings came, so that its means equal
     * {@link #mean} over the same values; {@code first} is the first rating seen.
     */
    private static final class Cell {
        final AllianceObs first;
        double score;
        int scores;
        final double[] items;
        final int[] itemCounts;
        /** Each rating's item responses as given (one row per rater: co-leaders or observers rating the same member). */
        final List<double[]> rows = new ArrayList<>();

        Cell(AllianceObs first) {
            this.first = first;
            items = new double[first.items().length];
            itemCounts = new int[items.length];
        }

        void add(AllianceObs o) {
            score += o.score();
            scores++;
            double[] row = new double[items.length];
            for (int j = 0; j < row.length; j++) {
                row[j] = j < o.items().length ? o.items()[j] : Double.NaN;
            }
            rows.add(row);
            for (int j = 0; j < items.length; j++) {
                double x = j < o.items().length ? o.items()[j] : Double.NaN;
                if (!Double.isNaN(x)) {
                    items[j] += x;
                    itemCounts[j]++;
                }
            }
        }

        double score() {
            return scores == 0 ? Double.NaN : score / scores;
        }

        double item(int j) {
            return j >= items.length || itemCounts[j] == 0 ? Double.NaN : items[j] / itemCounts[j];
        }
    }

    /** A member's per-session means summed over the period's sessions in session first-seen order (NaN skipped, as {@link #mean}). */
    private static final class MemberSum {
        String group;
        int sessions;
        double score;
        int scores;
        final double[] items;
        final int[] itemCounts;
        final Map<Integer, List<double[]>> sessionItems = new HashMap<>();

        MemberSum(int k) {
            items = new double[k];
            itemCounts = new int[k];
        }

        void add(Cell cell) {
            group = cell.first.group();
            sessions++;
            // each rating its own row for rwg(j): averaging two raters first would halve the variance the uniform
            // null (the variance of one response) is compared with
            sessionItems.put(cell.first.session(), List.copyOf(cell.rows));
            double s = cell.score();
            if (!Double.isNaN(s)) {
                score += s;
                scores++;
            }
            for (int j = 0; j < items.length; j++) {
                double x = cell.item(j);
                if (!Double.isNaN(x)) {
                    items[j] += x;
                    itemCounts[j]++;
                }
            }
        }

        MemberMean mean(String member) {
            double[] means = new double[items.length];
            for (int j = 0; j < items.length; j++) {
                means[j] = itemCounts[j] == 0 ? Double.NaN : items[j] / itemCounts[j];
            }
            return new MemberMean(group, member, sessions, scores == 0 ? Double.NaN : score / scores, means, sessionItems);
        }
    }

    /** A session's ratings of a member in the period (score present), one cell per member and session, in first-seen order. */
    private static List<Cell> perMemberSession(List<AllianceObs> obs, Period period) {
        Map<String, Map<Integer, Cell>> index = new HashMap<>();
        List<Cell> out = new ArrayList<>();
        for (AllianceObs o : obs) {
            if (period.includes(o.phase()) && !Double.isNaN(o.score())) {
                Map<Integer, Cell> sessions = index.computeIfAbsent(o.member(), m -> new HashMap<>());
                Cell cell = sessions.get(o.session());
                if (cell == null) {
                    cell = new Cell(o);
                    sessions.put(o.session(), cell);
                    out.add(cell);
                }
                cell.add(o);
            }
        }
        return out;
    }

    /** The link within one group (members of that group only). */
    static GroupLink groupLink(Choice choice, String groupName, List<MemberMean> means, Map<String, PrePost> prePost, Double criterion,
                               boolean higherIsWorse, double ranvar) {
        List<MemberMean> complete = means.stream().filter(m -> !Double.isNaN(m.mean()) && prePost.containsKey(m.member())
                && !Double.isNaN(prePost.get(m.member()).pre()) && !Double.isNaN(prePost.get(m.member()).post())).toList();
        int n = complete.size();
        double[] alliance = complete.stream().mapToDouble(MemberMean::mean).toArray();
        double[] pre = complete.stream().mapToDouble(m -> prePost.get(m.member()).pre()).toArray();
        double[] post = complete.stream().mapToDouble(m -> prePost.get(m.member()).post()).toArray();
        List<String> notes = new ArrayList<>();
        double[] rg = new double[n];
        double[] rci = new double[n];
        java.util.Arrays.fill(rg, Double.NaN);
        java.util.Arrays.fill(rci, Double.NaN);
        if (n >= 3) {
            rg = LinearRegression.residualisedGain(pre, post);
        }
        if (criterion != null && n > 0) {
            List<ReliableChange.Member> rc = ReliableChange.classifyByCriterion(null, pre, post, criterion, Double.NaN, !higherIsWorse).perMember();
            for (int i = 0; i < n; i++) {
                rci[i] = rc.get(i).rci();
            }
        } else if (criterion == null) {
            notes.add("The outcome instrument states no reliable-change criterion, so there is no reliable-change index.");
        }
        List<MemberLink> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MemberMean m = complete.get(i);
            members.add(new MemberLink(m.member(), m.sessions(), m.mean(), pre[i], post[i], rg[i], rci[i]));
        }
        int withAlliance = (int) means.stream().filter(m -> !Double.isNaN(m.mean())).count();
        if (withAlliance > n) {
            notes.add((withAlliance - n) + " of " + withAlliance + " members with alliance ratings lack a baseline or post score and are left out.");
        }
        if (n < 3) {
            notes.add("With " + n + " member" + (n == 1 ? "" : "s") + " with alliance, baseline and post there is nothing to correlate yet (3 needed).");
        } else if (n < MIN_MEMBERS) {
            notes.add("With " + n + " members this is a description of this group, not evidence: the interval is wide.");
        }
        GroupAgreement agreement = agreement(groupName, means, ranvar);
        return new GroupLink(choice, groupName, withAlliance, n, members, link("residualised gain", alliance, rg),
                link("reliable-change index", alliance, rci), agreement, n < MIN_MEMBERS, notes);
    }

    static Link link(String change, double[] alliance, double[] y) {
        int n = 0;
        for (int i = 0; i < y.length; i++) {
            if (!Double.isNaN(alliance[i]) && !Double.isNaN(y[i])) {
                n++;
            }
        }
        if (n < 3) {
            return new Link(change, new Association.Correlation(n, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
                    new Slope(n, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        }
        return new Link(change, correlation(alliance, y), slope(alliance, y));
    }

    static Association.Correlation correlation(double[] x, double[] y) {
        try {
            Correlation.Result r = Correlation.test(x, y, Correlation.Method.PEARSON);
            return new Association.Correlation(r.n(), r.r(), r.ciLow(), r.ciHigh(), r.p());
        } catch (IllegalArgumentException e) {
            return new Association.Correlation(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
    }

    static Slope slope(double[] x, double[] y) {
        try {
            BivariateRegression.Result r = BivariateRegression.fit(x, y);
            return new Slope(r.n(), r.slope(), r.se(), r.ciLow(), r.ciHigh(), r.p(), r.rSquared());
        } catch (IllegalArgumentException e) { // constant alliance: rank deficient
            return new Slope(x.length, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
    }

    /**
     * One group's agreement with its mean alliance: rwg(j) computed at each session of the period on
     * the item responses at that session, one row per rating (a member's own; or each co-leader's or
     * observer's rating of a member, never their average), rows with a complete set only (sessions with
     * fewer than two such rows have none), then averaged over the sessions that have one; NaN with 0
     * sessions when none has. Never on members' means over sessions: the uniform null is the variance
     * of one response.
     */
    static GroupAgreement agreement(String label, List<MemberMean> members, double ranvar) {
        List<MemberMean> rated = members.stream().filter(m -> !Double.isNaN(m.mean())).toList();
        double mean = mean(rated.stream().mapToDouble(MemberMean::mean).toArray());
        if (rated.isEmpty() || rated.getFirst().items().length == 0 || !(ranvar > 0)) {
            return new GroupAgreement(label, rated.size(), mean, Double.NaN, 0);
        }
        java.util.TreeMap<Integer, List<double[]>> bySession = new java.util.TreeMap<>();
        for (MemberMean m : rated) {
            m.sessionItems().forEach((session, rows) -> bySession.computeIfAbsent(session, s -> new ArrayList<>()).addAll(rows));
        }
        double sum = 0;
        int sessions = 0;
        for (List<double[]> rows : bySession.values()) {
            double[][] items = rows.toArray(double[][]::new);
            String[] groups = new String[items.length];
            java.util.Arrays.fill(groups, "g");
            var per = Aggregation.rwgJ(items, groups, ranvar).perGroup();
            if (!per.isEmpty() && !Double.isNaN(per.getFirst().value())) {
                sum += per.getFirst().value();
                sessions++;
            }
        }
        return new GroupAgreement(label, rated.size(), mean, sessions == 0 ? Double.NaN : sum / sessions, sessions);
    }

    /** ICC(1), ICC(2) of members' mean alliance across groups and rwg(j) per group (mean over sessions), with plain words where aggregation is not supported. */
    static Association.Aggregation aggregation(List<MemberMean> means, Map<String, String> groupLabels, double ranvar) {
        List<MemberMean> rated = means.stream().filter(m -> !Double.isNaN(m.mean())).toList();
        Map<String, List<MemberMean>> byGroup = new LinkedHashMap<>();
        rated.forEach(m -> byGroup.computeIfAbsent(m.group(), g -> new ArrayList<>()).add(m));
        List<String> words = new ArrayList<>();
        double icc1 = Double.NaN;
        double icc2 = Double.NaN;
        if (byGroup.size() >= 2 && rated.size() > byGroup.size()) {
            Aggregation.IccResult icc = Aggregation.icc(rated.stream().mapToDouble(MemberMean::mean).toArray(),
                    rated.stream().map(MemberMean::group).toArray(String[]::new));
            icc1 = icc.icc1();
            icc2 = icc.icc2();
            if (icc1 < ICC1_LOW) {
                words.add(String.format(Locale.ROOT, "ICC(1) = %.2f is under .05: members' ratings hardly differ between groups, so a group's"
                        + " mean says little about the group as such.", icc1));
            }
        } else {
            words.add("ICC(1) and ICC(2) need at least two groups with members' ratings.");
        }
        List<GroupAgreement> per = new ArrayList<>();
        byGroup.forEach((g, list) -> {
            GroupAgreement a = agreement(groupLabels.getOrDefault(g, g), list, ranvar);
            per.add(a);
            if (a.rwgJ() < RWG_LOW) {
                words.add(String.format(Locale.ROOT, "%s: rwg(j) = %.2f (mean over %d session%s) is under .70: its members do not agree enough"
                        + " for the group mean to stand for the group.", a.group(), a.rwgJ(), a.sessions(), a.sessions() == 1 ? "" : "s"));
            }
        });
        return new Association.Aggregation(byGroup.size(), icc1, icc2, per, words);
    }

    /** The pooled member-level model over every member with alliance, baseline and post; {@code ddf} null = by the number of groups. */
    static Model memberModel(List<MemberMean> means, Map<String, PrePost> prePost, MixedModel.Ddf ddf) {
        List<MemberMean> complete = means.stream().filter(m -> !Double.isNaN(m.mean()) && prePost.containsKey(m.member())
                && !Double.isNaN(prePost.get(m.member()).pre()) && !Double.isNaN(prePost.get(m.member()).post())).toList();
        int n = complete.size();
        String[] group = complete.stream().map(MemberMean::group).toArray(String[]::new);
        double[] alliance = complete.stream().mapToDouble(MemberMean::mean).toArray();
        double[] between = Aggregation.groupMeans(alliance, group);
        double[] within = new double[n];
        for (int i = 0; i < n; i++) {
            within[i] = alliance[i] - between[i];
        }
        DataTable data = new DataTable(n, List.of(
                new DataTable.Column("outcome_post", complete.stream().mapToDouble(m -> prePost.get(m.member()).post()).toArray(), null),
                new DataTable.Column("alliance_within", within, null), new DataTable.Column("alliance_between", between, null),
                new DataTable.Column("outcome_pre", complete.stream().mapToDouble(m -> prePost.get(m.member()).pre()).toArray(), null),
                new DataTable.Column("group", null, group)));
        return fit(MEMBER_FORMULA, data, (int) java.util.Arrays.stream(group).distinct().count(), ddf);
    }

    /** Pairs of this session's alliance (in the period; raters averaged) and the member's outcome at the next session number. */
    static List<Pair> pairs(List<AllianceObs> alliance, List<OutcomeObs> outcomes, Period period) {
        Map<String, Map<Integer, Double>> outcome = new HashMap<>();
        for (OutcomeObs o : outcomes) {
            if (!Double.isNaN(o.score())) {
                outcome.computeIfAbsent(o.member(), m -> new HashMap<>()).put(o.session(), o.score());
            }
        }
        List<Pair> out = new ArrayList<>();
        for (Cell cell : perMemberSession(alliance, period)) {
            AllianceObs first = cell.first;
            Map<Integer, Double> member = outcome.get(first.member());
            Double next = member == null ? null : member.get(first.session() + 1);
            if (next != null) {
                out.add(new Pair(first.group(), first.member(), first.session(), cell.score(), next));
            }
        }
        return out;
    }

    /**
     * Per member, the within-person correlation of session alliance with the next session's outcome
     * with the member's own linear session trend removed from both series: the partial correlation
     * controlling for the session number t (Curran and Bauer 2011),
     * <pre>
     *   r = cor(resid(lm(alliance ~ session)), resid(lm(next_outcome ~ session)))   within the member,
     *   t = r sqrt(df / (1 - r²)) on df = n - 3,   95 % CI tanh(atanh(r) ± z_.975 / sqrt(n - 4)),
     * </pre>
     * n the member's pairs. The t test is that of {@code alliance} in
     * {@code lm(next_outcome ~ alliance + session)} (the same t, an identity), so p comes from that
     * fit. A raw r would count two series that both rise over the course as related.
     * Below {@value #MIN_PAIRS} pairs there is no r (note "n pairs of sessions; 6 needed"; with 6 pairs
     * the test has 3 df); when alliance or the outcome has no variation left once the trend is
     * removed (constant, or exactly linear in the session) the r is NaN with the note
     * {@value #NO_VARIATION}.
     */
    static Map<String, WithinPerson> withinPerson(List<Pair> pairs) {
        Map<String, List<Pair>> byMember = new LinkedHashMap<>();
        pairs.forEach(p -> byMember.computeIfAbsent(p.member(), m -> new ArrayList<>()).add(p));
        Map<String, WithinPerson> out = new LinkedHashMap<>();
        byMember.forEach((member, list) -> {
            if (list.size() < MIN_PAIRS) {
                out.put(member, new WithinPerson(list.size(), null, list.size() + " pairs of sessions; " + MIN_PAIRS + " needed"));
            } else {
                Association.Correlation c = partialCorrelation(list.stream().mapToDouble(Pair::alliance).toArray(),
                        list.stream().mapToDouble(Pair::nextOutcome).toArray(), list.stream().mapToDouble(Pair::session).toArray());
                out.put(member, new WithinPerson(list.size(), c, Double.isNaN(c.r()) ? NO_VARIATION : ""));
            }
        });
        return out;
    }

    /** The note of a within-person r that cannot be computed although there are enough pairs. */
    static final String NO_VARIATION = "no variation to correlate";

    /** qnorm(0.975). */
    private static final double Z975 = 1.959963984540054;

    /**
     * The partial correlation of x and y controlling for z (n >= 5), its Fisher-z interval with
     * {@code sqrt(n - 4)} and the p of its t test on n - 3 df; NaN when x or y has no variation
     * left after z is removed. See {@link #withinPerson}.
     */
    static Association.Correlation partialCorrelation(double[] x, double[] y, double[] z) {
        int n = x.length;
        double[] one = new double[n];
        java.util.Arrays.fill(one, 1);
        Association.Correlation none = new Association.Correlation(n, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        try {
            double[] rx = LinearRegression.fit(List.of("(Intercept)", "session"), new double[][] {one, z}, x, true, 0).residuals();
            double[] ry = LinearRegression.fit(List.of("(Intercept)", "session"), new double[][] {one, z}, y, true, 0).residuals();
            if (!varies(rx, x) || !varies(ry, y)) {
                return none;
            }
            double r = Correlation.test(rx, ry, Correlation.Method.PEARSON).r();
            double p = LinearRegression.fit(List.of("(Intercept)", "alliance", "session"), new double[][] {one, x, z}, y, true, 0).coefficients().get(1).p();
            double lo = Double.NaN;
            double hi = Double.NaN;
            if (n > 4) {
                double half = Z975 / Math.sqrt(n - 4);
                double fz = 0.5 * Math.log((1 + r) / (1 - r));
                lo = Math.tanh(fz - half);
                hi = Math.tanh(fz + half);
            }
            return new Association.Correlation(n, r, lo, hi, p);
        } catch (IllegalArgumentException e) { // one session number only, or too few rows
            return none;
        }
    }

    /** Whether residuals keep variation beyond rounding, relative to the size of the series they came from. */
    private static boolean varies(double[] residuals, double[] series) {
        double ss = 0;
        double scale = 0;
        for (int i = 0; i < residuals.length; i++) {
            ss += residuals[i] * residuals[i];
            scale = Math.max(scale, Math.abs(series[i]));
        }
        return Math.sqrt(ss / residuals.length) > 1e-10 * Math.max(1, scale);
    }

    /** The session-level model on the pairs (the session number a fixed covariate, see the class comment); {@code ddf} null = by the number of groups. */
    static Model sessionModel(List<Pair> pairs, MixedModel.Ddf ddf) {
        int n = pairs.size();
        String[] member = pairs.stream().map(Pair::member).toArray(String[]::new);
        double[] alliance = pairs.stream().mapToDouble(Pair::alliance).toArray();
        double[] between = Aggregation.groupMeans(alliance, member);
        double[] within = new double[n];
        for (int i = 0; i < n; i++) {
            within[i] = alliance[i] - between[i];
        }
        DataTable data = new DataTable(n, List.of(new DataTable.Column("next_outcome", pairs.stream().mapToDouble(Pair::nextOutcome).toArray(), null),
                new DataTable.Column("alliance_within", within, null), new DataTable.Column("alliance_between", between, null),
                new DataTable.Column("session", pairs.stream().mapToDouble(Pair::session).toArray(), null),
                new DataTable.Column("group", null, pairs.stream().map(Pair::group).toArray(String[]::new)),
                new DataTable.Column("member", null, member)));
        return fit(SESSION_FORMULA, data, (int) pairs.stream().map(Pair::group).distinct().count(), ddf);
    }

    /**
     * Fits a model and reports it honestly: too few groups or rows, a failed, non-converged or
     * singular fit carry a message and no terms.
     */
    static Model fit(String formula, DataTable data, int groups, MixedModel.Ddf forced) {
        MixedModel.Ddf ddf = forced != null ? forced : groups < KENWARD_ROGER_BELOW ? MixedModel.Ddf.KENWARD_ROGER : MixedModel.Ddf.SATTERTHWAITE;
        String reason = forced != null ? "as asked" : groups < KENWARD_ROGER_BELOW
                ? "Kenward–Roger df: fewer than " + KENWARD_ROGER_BELOW + " groups (" + groups + ")"
                : "Satterthwaite df: " + groups + " groups (" + KENWARD_ROGER_BELOW + " or more)";
        if (groups < 2) {
            return new Model(formula, ddf, reason, data.rows(), groups, FitStatus.TOO_FEW,
                    "The pooled model needs at least two groups with complete data; there " + (groups == 1 ? "is one" : "are none") + ".", List.of(),
                    null);
        }
        if (data.rows() < 6) {
            return new Model(formula, ddf, reason, data.rows(), groups, FitStatus.TOO_FEW,
                    "The pooled model needs more members with complete data (" + data.rows() + " so far).", List.of(), null);
        }
        MixedModel.Result fit;
        try {
            Formula f = Formula.parse(formula);
            if (ddf == MixedModel.Ddf.KENWARD_ROGER) {
                try {
                    fit = MixedModel.fitKenwardRoger(f, data, MixedModel.Estimation.REML, MixedModel.Settings.DEFAULT);
                } catch (IllegalArgumentException tooLarge) {
                    ddf = MixedModel.Ddf.SATTERTHWAITE;
                    reason = "Satterthwaite df: Kenward–Roger refused this model (" + tooLarge.getMessage() + ")";
                    fit = MixedModel.fit(f, data, MixedModel.Estimation.REML);
                }
            } else {
                fit = MixedModel.fit(f, data, MixedModel.Estimation.REML);
            }
        } catch (IllegalArgumentException e) {
            return new Model(formula, ddf, reason, data.rows(), groups, FitStatus.FAILED, "The model could not be fitted: " + e.getMessage(), List.of(),
                    null);
        }
        if (!fit.converged()) {
            return new Model(formula, ddf, reason, fit.nObs(), groups, FitStatus.NOT_CONVERGED,
                    "The model did not converge, so it shows no numbers: " + String.join("; ", fit.warnings()), List.of(), fit);
        }
        if (fit.singular()) {
            return new Model(formula, ddf, reason, fit.nObs(), groups, FitStatus.SINGULAR,
                    "Singular fit: the variance between groups (or members) is estimated as zero, so the model's numbers are not shown;"
                            + " read the per-group correlations instead.", List.of(), fit);
        }
        List<Term> terms = fit.fixedEffects().stream()
                .map(e -> new Term(e.term(), e.estimate(), e.se(), e.df(), e.p(), e.ciLower(), e.ciUpper())).toList();
        return new Model(formula, ddf, reason, fit.nObs(), groups, FitStatus.FITTED, "", terms, fit);
    }

    /** The null-distribution variance of one item: {@code (A² - 1) / 12} for A integer options, {@code (max - min)² / 12} for a line. */
    static double ranvar(org.groupalliance.measure.InstrumentDefinition def) {
        if (def.items().isEmpty()) {
            return Double.NaN;
        }
        var item = def.items().getFirst();
        double span = item.max() - item.min();
        return item.type() == org.groupalliance.measure.InstrumentDefinition.ResponseType.INTEGER_SCALE ? ((span + 1) * (span + 1) - 1) / 12 : span * span / 12;
    }

    private static double mean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
