package org.groupalliance.analysis.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.analysis.Aggregation;
import org.groupalliance.analysis.Correlation;
import org.groupalliance.analysis.LinearRegression;
import org.groupalliance.analysis.MixedModel;
import org.groupalliance.analysis.Reliability;
import org.groupalliance.analysis.ReliableChange;
import org.groupalliance.analysis.Trajectories;
import org.groupalliance.analysis.data.CsvReader;
import org.groupalliance.analysis.data.DataTable;
import org.groupalliance.analysis.model.Formula;

/**
 * {@code java -jar groupalliance.jar analyze <command> --data FILE.csv [options]}: runs one
 * analysis on a CSV file without starting the web application or any database and prints one JSON
 * document to standard output. Errors print one line to standard error and exit with status 2.
 */
public final class Analyze {

    private static final String USAGE = """
            usage: analyze <command> --data FILE.csv [options]      (analyze <command> --help for details)

            commands:
              icc         ICC(1), ICC(2) of a value nested in groups        (multilevel::ICC1, ICC2)
              rwg         within-group agreement rwg / rwg(j)                (multilevel::rwg, rwg.j)
              alpha       Cronbach's alpha, r.drop, alpha if item dropped    (psych::alpha)
              cor         Pearson or Spearman correlation with its test      (cor.test)
              ols         linear regression                                  (summary(lm()))
              rci         Jacobson-Truax reliable change and clinical significance
              trajectory  per-member OLS line of a value over time           (lm per member)
              lmm         linear mixed model, REML or ML, Satterthwaite df   (lme4::lmer + lmerTest)
              bench       time lmm against lme4 on generated data, write docs/benchmarks.md

            CSV: header row, comma separator, '.' decimal; an empty cell or NA is missing.
            Output: one JSON document; numbers in full double precision; NaN/undefined as null.
            """;

    private static final Map<String, String> HELP = Map.of(
            "icc", """
                    analyze icc --data F.csv --value COL --group COL
                    One-way ANOVA of COL on the grouping factor; as multilevel::ICC1/ICC2 on
                    aov(value ~ as.factor(group)). ICC1 = (MSB - MSW) / (MSB + (N/J - 1) MSW), ICC2 = (MSB - MSW) / MSB.
                    Output: ICC1, ICC2, MSB, MSW, df_between, df_within, F, p, n_obs, n_groups. Rows with missing values are dropped.
                    """,
            "rwg", """
                    analyze rwg --data F.csv --value COL --group COL --ranvar V
                    analyze rwg --data F.csv --items C1,C2,... --group COL --ranvar V
                    As multilevel::rwg(x, grpid, ranvar) and rwg.j(x, grpid, ranvar). ranvar is the null variance,
                    for a uniform null over A options (A^2 - 1)/12 (e.g. 2 for 5 options). Groups of one give null.
                    Output: per_group (group, rwg or rwg_j, n), mean, median (over groups where defined).
                    """,
            "alpha", """
                    analyze alpha --data F.csv --items C1,C2,... [--reverse C4,C11]
                    As psych::alpha on complete rows (listwise): raw_alpha, std_alpha, average_r, and per item
                    r_drop (corrected item-total r) and alpha_if_dropped_raw. Reverse-keyed items are recoded first
                    (max + min of the item's observed values minus x; alpha does not depend on the constant).
                    """,
            "cor", """
                    analyze cor --data F.csv --x COL --y COL [--method pearson|spearman]
                    As cor.test(x, y) (Pearson: t test, Fisher-z 95% CI) or cor.test(x, y, method = "spearman",
                    exact = FALSE) (t approximation). Output: r, n, t, df, p, and for Pearson ci_low, ci_high.
                    """,
            "ols", """
                    analyze ols --data F.csv --formula "y ~ x1 + x2"
                    As summary(lm(formula)). Text columns are factors with treatment contrasts (levels sorted, the first
                    is the reference); a:b and a*b interactions; '0 +' or '- 1' drops the intercept.
                    Output: fixed_effects (term, estimate, se, df, t, p), r_squared, adj_r_squared, sigma, F, F_p,
                    df_model, df_residual, n_obs, n_dropped.
                    """,
            "rci", """
                    analyze rci --data F.csv --pre COL --post COL --sd S --reliability R [--cutoff C | --norms M0,SD0,M1,SD1]
                                [--higher-is-better] [--id COL]
                    Jacobson & Truax (1991): S_diff = sqrt(2) * S * sqrt(1 - R); reliable change when |post - pre| > 1.96 S_diff;
                    cutoff c given or from norms (c = (SD0 M1 + SD1 M0)/(SD0 + SD1); 0 = dysfunctional, 1 = functional).
                    Output: s_diff, threshold, cutoff, counts (recovered, improved, unchanged, deteriorated), per_member.
                    """,
            "trajectory", """
                    analyze trajectory --data F.csv --value COL --time COL --by COL
                    lm(value ~ time) per member: per_member (id, n, intercept, slope, slope_se, r).
                    """,
            "lmm", """
                    analyze lmm --data F.csv --formula "alliance ~ session + (1 | group_id/member_id)" [--ml] [--level 0.95]
                                [--ddf satterthwaite|kenward-roger]
                    As lmerTest::lmer(formula, REML = !ml) with summary(ddf = "Satterthwaite"), or with --ddf kenward-roger
                    summary(ddf = "Kenward-Roger") (pbkrtest 0.5: adjusted covariance, so se and t change; REML only). Random terms: one, or two
                    nested ones: (1 | g), (1 | g/m), (1 + t | m), (t | m) (intercept implied, as lme4), (1 | g) + (1 + t | m).
                    Grouping columns are always categorical; other text columns are factors (treatment contrasts).
                    Confidence intervals: estimate +- qt((1 + level) / 2, df) * se with the same df as p.
                    converged is true only when the optimum is certified (zero gradient and positive curvature of the
                    profiled criterion, or a boundary optimum reported as singular); otherwise df, p and the intervals are
                    null and a warning says what to do. Any undefined se, df or p is null with a reason in warnings.
                    Output: estimation, n_obs, n_dropped, n_groups, ddf, fixed_effects (term, estimate, se, df, t, p, ci_lower, ci_upper),
                    variance_components (group, var1, var2, vcov, sdcor: as.data.frame(VarCorr(fit))), logLik, AIC, BIC
                    (lme4's conventions, REML criterion for REML fits), converged, singular, warnings, fit_seconds.
                    """,
            "bench", """
                    analyze bench [--groups 2000] [--members 8] [--sessions 16] [--model nested|slopes] [--out FILE.md] [--no-r]
                    Generates members nested in groups with session-by-session alliance, fits
                      nested: alliance ~ session + (1 | group_id/member_id)
                      slopes: alliance ~ session + (1 + session | member_id)
                    with GroupAlliance and (when Rscript with lme4 is installed) with lme4 in the same run, and reports
                    both timings, the ratio and the largest differences of estimates; --out appends a section to FILE.md.
                    Run with java -Xmx2g to check the memory target.
                    """);

    private Analyze() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs a command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        try {
            if (!HELP.containsKey(command)) {
                throw new IllegalArgumentException("unknown command '" + command + "' (try analyze --help)");
            }
            Map<String, String> opts = options(command, Arrays.copyOfRange(args, 1, args.length));
            if (opts.containsKey("help")) {
                String help = HELP.get(command);
                out.print(help);
                return 0;
            }
            Map<String, Object> result = switch (command) {
                case "icc" -> icc(opts);
                case "rwg" -> rwg(opts);
                case "alpha" -> alpha(opts);
                case "cor" -> cor(opts);
                case "ols" -> ols(opts);
                case "rci" -> rci(opts);
                case "trajectory" -> trajectory(opts);
                case "lmm" -> lmm(opts);
                case "bench" -> Bench.run(opts);
                default -> throw new IllegalArgumentException("unknown command '" + command + "' (try analyze --help)");
            };
            out.print(Json.write(result));
            out.flush();
            return 0;
        } catch (IllegalArgumentException | java.io.IOException | ArithmeticException e) {
            err.println("analyze " + command + ": " + oneLine(e.getMessage()));
            return 2;
        } catch (RuntimeException e) {
            err.println("analyze " + command + ": " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
            return 2;
        }
    }

    private static String oneLine(String s) {
        return s == null ? "failed" : s.replace('\n', ' ');
    }

    /** Options without a value. */
    private static final Set<String> FLAGS = Set.of("help", "higher-is-better", "ml", "no-r");

    /** The options each command accepts (besides --help); anything else is refused. */
    static final Map<String, Set<String>> ACCEPTED = Map.of(
            "icc", Set.of("data", "value", "group"),
            "rwg", Set.of("data", "value", "items", "group", "ranvar"),
            "alpha", Set.of("data", "items", "reverse"),
            "cor", Set.of("data", "x", "y", "method"),
            "ols", Set.of("data", "formula"),
            "rci", Set.of("data", "pre", "post", "sd", "reliability", "cutoff", "norms", "higher-is-better", "id"),
            "trajectory", Set.of("data", "value", "time", "by"),
            "lmm", Set.of("data", "formula", "ml", "level", "ddf"),
            "bench", Set.of("groups", "members", "sessions", "model", "out", "no-r"));

    /**
     * Parses {@code --key value} and {@code --flag} options, refusing any option the command does
     * not know (naming the closest known one: same letters ignoring case, or at most two edits
     * away) and any option given twice.
     */
    static Map<String, String> options(String command, String[] args) {
        Set<String> accepted = new java.util.TreeSet<>(ACCEPTED.getOrDefault(command, Set.of()));
        accepted.add("help");
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'" + (a.startsWith("-") ? suggestion(a.replaceFirst("^-+", ""), accepted) : ""));
            }
            String key = a.substring(2);
            int eq = key.indexOf('=');
            if (eq >= 0) {
                throw new IllegalArgumentException("write --" + key.substring(0, eq) + " " + key.substring(eq + 1) + " (with a space, not '=')");
            }
            if (!accepted.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + " for " + command + suggestion(key, accepted)
                        + " (analyze " + command + " --help lists the options)");
            }
            if (opts.containsKey(key)) {
                throw new IllegalArgumentException("option --" + key + " is given twice");
            }
            if (FLAGS.contains(key)) {
                opts.put(key, "true");
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option --" + key + " needs a value");
                }
                opts.put(key, args[++i]);
            }
        }
        return opts;
    }

    private static String suggestion(String key, Set<String> accepted) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String option : accepted) {
            int d = option.equalsIgnoreCase(key) ? 0 : editDistance(option, key.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = option;
            }
        }
        return best != null && bestDistance <= Math.min(2, Math.max(1, key.length() / 2)) ? "; did you mean --" + best + "?" : "";
    }

    /** Levenshtein distance. */
    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static String required(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing option --" + key);
        }
        return v;
    }

    private static double number(Map<String, String> opts, String key) {
        String v = required(opts, key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number, got '" + v + "'");
        }
    }

    private static List<String> list(String v) {
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static DataTable load(Map<String, String> opts, Set<String> wanted, Set<String> categorical, Set<String> numeric) throws java.io.IOException {
        Path file = Path.of(required(opts, "data"));
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read data file " + file);
        }
        return CsvReader.read(file, wanted, categorical, numeric);
    }

    private static Map<String, Object> icc(Map<String, String> o) throws java.io.IOException {
        String value = required(o, "value");
        String group = required(o, "group");
        DataTable d = load(o, new LinkedHashSet<>(List.of(value, group)), Set.of(group), Set.of(value));
        Aggregation.IccResult r = Aggregation.icc(d.numeric(value), d.labels(group));
        Map<String, Object> m = Json.object();
        m.put("ICC1", r.icc1());
        m.put("ICC2", r.icc2());
        m.put("MSB", r.msBetween());
        m.put("MSW", r.msWithin());
        m.put("df_between", r.dfBetween());
        m.put("df_within", r.dfWithin());
        m.put("F", r.f());
        m.put("p", r.p());
        m.put("n_obs", r.nObs());
        m.put("n_groups", r.nGroups());
        return m;
    }

    private static Map<String, Object> rwg(Map<String, String> o) throws java.io.IOException {
        String group = required(o, "group");
        double ranvar = number(o, "ranvar");
        if (!(ranvar > 0)) {
            throw new IllegalArgumentException("--ranvar must be positive");
        }
        Aggregation.AgreementResult r;
        String key;
        if (o.containsKey("items")) {
            List<String> items = list(o.get("items"));
            Set<String> wanted = new LinkedHashSet<>(items);
            wanted.add(group);
            DataTable d = load(o, wanted, Set.of(group), new LinkedHashSet<>(items));
            double[][] rows = rowsOf(d, items);
            r = Aggregation.rwgJ(rows, d.labels(group), ranvar);
            key = "rwg_j";
        } else {
            String value = required(o, "value");
            DataTable d = load(o, new LinkedHashSet<>(List.of(value, group)), Set.of(group), Set.of(value));
            r = Aggregation.rwg(d.numeric(value), d.labels(group), ranvar);
            key = "rwg";
        }
        List<Object> per = new ArrayList<>();
        for (Aggregation.GroupAgreement g : r.perGroup()) {
            Map<String, Object> m = Json.object();
            m.put("group", g.group());
            m.put(key, g.value());
            m.put("n", g.n());
            per.add(m);
        }
        Map<String, Object> m = Json.object();
        m.put("per_group", per);
        m.put("mean", r.mean());
        m.put("median", r.median());
        return m;
    }

    private static double[][] rowsOf(DataTable d, List<String> items) {
        double[][] rows = new double[d.rows()][items.size()];
        for (int j = 0; j < items.size(); j++) {
            double[] col = d.numeric(items.get(j));
            for (int i = 0; i < d.rows(); i++) {
                rows[i][j] = col[i];
            }
        }
        return rows;
    }

    private static Map<String, Object> alpha(Map<String, String> o) throws java.io.IOException {
        List<String> items = list(required(o, "items"));
        List<String> reverse = o.containsKey("reverse") ? list(o.get("reverse")) : List.of();
        for (String r : reverse) {
            if (!items.contains(r)) {
                throw new IllegalArgumentException("--reverse item '" + r + "' is not among --items");
            }
        }
        DataTable d = load(o, new LinkedHashSet<>(items), Set.of(), new LinkedHashSet<>(items));
        double[][] rows = rowsOf(d, items);
        for (String r : reverse) {
            int j = items.indexOf(r);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : rows) {
                if (!Double.isNaN(row[j])) {
                    min = Math.min(min, row[j]);
                    max = Math.max(max, row[j]);
                }
            }
            for (double[] row : rows) {
                row[j] = min + max - row[j];
            }
        }
        Reliability.Result r = Reliability.alpha(rows);
        Map<String, Object> m = Json.object();
        m.put("n_obs", r.nObs());
        m.put("raw_alpha", r.rawAlpha());
        m.put("std_alpha", r.stdAlpha());
        m.put("average_r", r.averageR());
        List<Object> per = new ArrayList<>();
        for (Reliability.Item it : r.items()) {
            Map<String, Object> im = Json.object();
            im.put("item", items.get(it.index()));
            im.put("r_drop", it.rDrop());
            im.put("alpha_if_dropped_raw", it.alphaIfDropped());
            per.add(im);
        }
        m.put("items", per);
        return m;
    }

    private static Map<String, Object> cor(Map<String, String> o) throws java.io.IOException {
        String x = required(o, "x");
        String y = required(o, "y");
        String methodName = o.getOrDefault("method", "pearson");
        Correlation.Method method = switch (methodName) {
            case "pearson" -> Correlation.Method.PEARSON;
            case "spearman" -> Correlation.Method.SPEARMAN;
            default -> throw new IllegalArgumentException("--method must be pearson or spearman");
        };
        DataTable d = load(o, new LinkedHashSet<>(List.of(x, y)), Set.of(), Set.of(x, y));
        Correlation.Result r = Correlation.test(d.numeric(x), d.numeric(y), method);
        Map<String, Object> m = Json.object();
        m.put("method", methodName);
        m.put("r", r.r());
        m.put("n", r.n());
        m.put("t", r.t());
        m.put("df", r.df());
        m.put("p", r.p());
        if (method == Correlation.Method.PEARSON) {
            m.put("ci_low", r.ciLow());
            m.put("ci_high", r.ciHigh());
        }
        return m;
    }

    private static Map<String, Object> ols(Map<String, String> o) throws java.io.IOException {
        Formula f = Formula.parse(required(o, "formula"));
        DataTable d = load(o, f.variables(), Set.of(), Set.of(f.response()));
        LinearRegression.Result r = LinearRegression.fit(f, d);
        Map<String, Object> m = Json.object();
        m.put("fixed_effects", coefficients(r.coefficients()));
        m.put("r_squared", r.rSquared());
        m.put("adj_r_squared", r.adjRSquared());
        m.put("sigma", r.sigma());
        m.put("F", r.f());
        m.put("F_p", LinearRegression.fPValue(r));
        m.put("df_model", r.dfModel());
        m.put("df_residual", r.dfResidual());
        m.put("n_obs", r.nObs());
        m.put("n_dropped", r.nDropped());
        return m;
    }

    static List<Object> coefficients(List<LinearRegression.Coefficient> cs) {
        List<Object> out = new ArrayList<>();
        for (LinearRegression.Coefficient c : cs) {
            Map<String, Object> m = Json.object();
            m.put("term", c.term());
            m.put("estimate", c.estimate());
            m.put("se", c.se());
            m.put("df", c.df());
            m.put("t", c.t());
            m.put("p", c.p());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> rci(Map<String, String> o) throws java.io.IOException {
        String pre = required(o, "pre");
        String post = required(o, "post");
        double sd = number(o, "sd");
        double rel = number(o, "reliability");
        double cutoff = Double.NaN;
        if (o.containsKey("cutoff") && o.containsKey("norms")) {
            throw new IllegalArgumentException("give either --cutoff or --norms, not both");
        }
        if (o.containsKey("cutoff")) {
            cutoff = number(o, "cutoff");
        } else if (o.containsKey("norms")) {
            List<String> n = list(o.get("norms"));
            if (n.size() != 4) {
                throw new IllegalArgumentException("--norms needs M0,SD0,M1,SD1");
            }
            cutoff = new ReliableChange.Norms(Double.parseDouble(n.get(0)), Double.parseDouble(n.get(1)),
                    Double.parseDouble(n.get(2)), Double.parseDouble(n.get(3))).cutoffC();
        }
        String id = o.get("id");
        Set<String> wanted = new LinkedHashSet<>(List.of(pre, post));
        if (id != null) {
            wanted.add(id);
        }
        DataTable d = load(o, wanted, id == null ? Set.of() : Set.of(id), Set.of(pre, post));
        ReliableChange.Result r = ReliableChange.classify(id == null ? null : d.labels(id), d.numeric(pre), d.numeric(post), sd, rel,
                cutoff, o.containsKey("higher-is-better"));
        Map<String, Object> m = Json.object();
        m.put("s_diff", r.sDiff());
        m.put("threshold", r.threshold());
        m.put("cutoff", r.cutoff());
        Map<String, Object> counts = Json.object();
        counts.put("recovered", r.recovered());
        counts.put("improved", r.improved());
        counts.put("unchanged", r.unchanged());
        counts.put("deteriorated", r.deteriorated());
        m.put("counts", counts);
        List<Object> per = new ArrayList<>();
        for (ReliableChange.Member mem : r.perMember()) {
            Map<String, Object> pm = Json.object();
            pm.put("id", mem.id());
            pm.put("pre", mem.pre());
            pm.put("post", mem.post());
            pm.put("change", mem.change());
            pm.put("rci", mem.rci());
            pm.put("category", mem.category() == null ? null : mem.category().name().toLowerCase());
            per.add(pm);
        }
        m.put("per_member", per);
        return m;
    }

    private static Map<String, Object> lmm(Map<String, String> o) throws java.io.IOException {
        Formula f = Formula.parse(required(o, "formula"));
        if (f.random().isEmpty()) {
            throw new IllegalArgumentException("a mixed model needs a random-effect term such as (1 | group_id); use ols otherwise");
        }
        DataTable d = load(o, f.variables(), f.groupingFactors(), Set.of(f.response()));
        String given = o.getOrDefault("ddf", "satterthwaite");
        // as lmerTest spells them ("Satterthwaite", "Kenward-Roger") or in lower case: case does not matter
        String ddf = given.toLowerCase(java.util.Locale.ROOT);
        if (!ddf.equals("satterthwaite") && !ddf.equals("kenward-roger")) {
            throw new IllegalArgumentException("--ddf must be satterthwaite or kenward-roger (any case), got '" + given + "'");
        }
        if (ddf.equals("kenward-roger") && o.containsKey("ml")) {
            throw new IllegalArgumentException("--ddf kenward-roger needs a REML fit (as lmerTest and pbkrtest); drop --ml");
        }
        double level = o.containsKey("level") ? number(o, "level") : 0.95;
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("--level must lie strictly between 0 and 1 (e.g. 0.95), got " + o.get("level"));
        }
        MixedModel.Settings settings = MixedModel.Settings.DEFAULT.withLevel(level);
        MixedModel.Result r = ddf.equals("kenward-roger") ? MixedModel.fitKenwardRoger(f, d, MixedModel.Estimation.REML, settings)
                : MixedModel.fit(f, d, o.containsKey("ml") ? MixedModel.Estimation.ML : MixedModel.Estimation.REML, settings);
        return lmmJson(r);
    }

    static Map<String, Object> lmmJson(MixedModel.Result r) {
        Map<String, Object> m = Json.object();
        m.put("estimation", r.estimation().name());
        m.put("n_obs", r.nObs());
        m.put("n_dropped", r.nDropped());
        Map<String, Object> groups = Json.object();
        r.nGroups().forEach(groups::put);
        m.put("n_groups", groups);
        m.put("ddf", r.ddf().label());
        List<Object> fe = new ArrayList<>();
        for (MixedModel.FixedEffect c : r.fixedEffects()) {
            Map<String, Object> cm = Json.object();
            cm.put("term", c.term());
            cm.put("estimate", c.estimate());
            cm.put("se", c.se());
            cm.put("df", c.df());
            cm.put("t", c.t());
            cm.put("p", c.p());
            cm.put("ci_lower", c.ciLower());
            cm.put("ci_upper", c.ciUpper());
            fe.add(cm);
        }
        m.put("fixed_effects", fe);
        List<Object> vc = new ArrayList<>();
        for (MixedModel.VarianceComponent v : r.varianceComponents()) {
            Map<String, Object> vm = Json.object();
            vm.put("group", v.group());
            vm.put("var1", v.var1());
            vm.put("var2", v.var2());
            vm.put("vcov", v.vcov());
            vm.put("sdcor", v.sdcor());
            vc.add(vm);
        }
        m.put("variance_components", vc);
        m.put("logLik", r.logLik());
        m.put("AIC", r.aic());
        m.put("BIC", r.bic());
        m.put("converged", r.converged());
        m.put("singular", r.singular());
        m.put("warnings", new ArrayList<Object>(r.warnings()));
        m.put("fit_seconds", r.fitSeconds());
        return m;
    }

    private static Map<String, Object> trajectory(Map<String, String> o) throws java.io.IOException {
        String value = required(o, "value");
        String time = required(o, "time");
        String by = required(o, "by");
        DataTable d = load(o, new LinkedHashSet<>(List.of(value, time, by)), Set.of(by), Set.of(value, time));
        List<Object> per = new ArrayList<>();
        for (Trajectories.Line l : Trajectories.fit(d.labels(by), d.numeric(time), d.numeric(value))) {
            Map<String, Object> m = Json.object();
            m.put("id", l.id());
            m.put("n", l.n());
            m.put("intercept", l.intercept());
            m.put("slope", l.slope());
            m.put("slope_se", l.slopeSe());
            m.put("r", l.r());
            per.add(m);
        }
        Map<String, Object> m = Json.object();
        m.put("per_member", per);
        return m;
    }
}
