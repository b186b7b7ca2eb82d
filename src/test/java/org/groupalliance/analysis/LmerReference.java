package org.groupalliance.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares a fit with lme4 + lmerTest reference values ({@code key,value} files written by the R
 * scripts in src/test/resources/analysis). Everything is looped over <em>R's</em> keys, so a term
 * or a variance component that we drop fails, and the counts are checked. Tolerances as the
 * README states them: fixed effects 1e-6 relative, log-likelihood 1e-6 absolute (and at least R's
 * best), standard errors, t and variance components 1e-4 relative; Satterthwaite df 2e-6 relative
 * (or twice the spread of lmerTest's own optimisers where larger; was 1e-4 while ours were
 * numerical derivatives too); p relative (1e-3, i.e. log p to 1e-3 absolute; p that underflow in R
 * must underflow in ours too).
 */
final class LmerReference {

    private final Map<String, Double> expected;

    LmerReference(Map<String, Double> expected) {
        this.expected = expected;
    }

    double get(String key) {
        Double e = expected.get(key);
        assertThat(e).as("reference value %s exists", key).isNotNull();
        return e;
    }

    boolean has(String key) {
        return expected.containsKey(key);
    }

    void near(String key, double actual, double relTol) {
        double e = get(key);
        assertEquals(e, actual, relTol * Math.abs(e), key);
    }

    /** R's names of the things under a prefix that carry a given suffix, e.g. fixed-effect terms. */
    TreeSet<String> names(String prefix, String suffix) {
        TreeSet<String> out = new TreeSet<>();
        for (String k : expected.keySet()) {
            if (k.startsWith(prefix) && k.endsWith(suffix)) {
                out.add(k.substring(prefix.length(), k.length() - suffix.length()));
            }
        }
        return out;
    }

    void check(String name, MixedModel.Result r) {
        assertThat(r.converged()).as(name + " converged; warnings %s", r.warnings()).isTrue();
        double rLogLik = get(name + ".logLik");
        assertThat(r.logLik()).as(name + " log-likelihood at least R's best").isGreaterThanOrEqualTo(rLogLik - 1e-6);
        assertEquals(rLogLik, r.logLik(), 1e-6, name + ".logLik");
        near(name + ".AIC", r.aic(), 1e-8);
        near(name + ".BIC", r.bic(), 1e-8);
        near(name + ".n_obs", r.nObs(), 0);
        TreeSet<String> groups = names(name + ".n_groups.", "");
        assertThat(groups).as(name + " grouping factors").isNotEmpty();
        assertThat(r.nGroups().keySet()).as(name + " grouping factors").containsExactlyInAnyOrderElementsOf(groups);
        for (String g : groups) {
            near(name + ".n_groups." + g, r.nGroups().get(g), 0);
        }
        if (has(name + ".isSingular")) {
            assertThat(r.singular()).as(name + " singular as lme4's isSingular").isEqualTo(get(name + ".isSingular") == 1);
        }
        checkFixed(name, r);
        checkVariances(name, r);
    }

    private void checkFixed(String name, MixedModel.Result r) {
        TreeSet<String> terms = names(name + ".fe.", ".estimate");
        assertThat(terms).as(name + " fixed-effect terms in R").isNotEmpty();
        if (has(name + ".n_fe")) {
            assertThat(terms).hasSize((int) get(name + ".n_fe"));
        }
        assertThat(r.fixedEffects()).as(name + " number of fixed effects").hasSize(terms.size());
        Map<String, MixedModel.FixedEffect> ours = new HashMap<>();
        r.fixedEffects().forEach(fe -> ours.put(fe.term(), fe));
        for (String term : terms) {
            MixedModel.FixedEffect fe = ours.get(term);
            String k = name + ".fe." + term;
            assertThat(fe).as("we report R's term %s", k).isNotNull();
            near(k + ".estimate", fe.estimate(), 1e-6);
            near(k + ".se", fe.se(), 1e-4);
            // our df use analytic derivatives (exact to rounding: closed-form df such as 26, 5 and 17 are
            // met to 1e-11, where lmerTest prints 25.99999963, 4.999999879, 17.00000174); lmerTest's
            // numDeriv Hessian is good to about 1e-6, so: 2e-6 relative, or twice the spread of
            // lmerTest's own optimisers where that is larger (measured: at most 1.5e-6 over all fixtures)
            double dfTol = Math.max(2e-6, has(name + ".opt.bobyqa_vs_nloptwrap.df") ? 2 * get(name + ".opt.bobyqa_vs_nloptwrap.df") : 0);
            near(k + ".df", fe.df(), dfTol);
            near(k + ".t", fe.t(), 1e-4);
            double p = get(k + ".p");
            if (p < 1e-300) {
                assertThat(fe.p()).as(k + ".p underflows in R").isLessThan(1e-300);
            } else {
                assertThat(Math.log(fe.p())).as(k + ".p on the log scale").isCloseTo(Math.log(p), org.assertj.core.api.Assertions.within(1e-3));
            }
            if (has(k + ".logp") && p >= 1e-300) {
                assertThat(Math.log(fe.p())).as(k + ".logp").isCloseTo(get(k + ".logp"), org.assertj.core.api.Assertions.within(1e-3));
            }
            assertThat(fe.ciLower()).as(k + " ci_lower below the estimate").isLessThan(fe.estimate());
            assertThat(fe.ciUpper()).as(k + " ci_upper above the estimate").isGreaterThan(fe.estimate());
        }
    }

    private void checkVariances(String name, MixedModel.Result r) {
        TreeSet<String> rows = names(name + ".vc.", ".vcov");
        if (has(name + ".n_vc")) {
            assertThat(rows).hasSize((int) get(name + ".n_vc"));
        }
        assertThat(r.varianceComponents()).as(name + " number of variance components").hasSize(rows.size());
        Map<String, MixedModel.VarianceComponent> ours = new HashMap<>();
        for (MixedModel.VarianceComponent vc : r.varianceComponents()) {
            ours.put(vc.group() + "." + (vc.var1() == null ? "NA" : vc.var1()) + "." + (vc.var2() == null ? "NA" : vc.var2()), vc);
        }
        for (String row : rows) {
            MixedModel.VarianceComponent vc = ours.get(row);
            String k = name + ".vc." + row;
            assertThat(vc).as("we report R's variance component %s", k).isNotNull();
            double e = get(k + ".vcov");
            if (Math.abs(e) < 1e-8) {
                assertThat(Math.abs(vc.vcov())).as(k + " (zero in R)").isLessThan(1e-6);
                continue;
            }
            near(k + ".vcov", vc.vcov(), 1e-4);
            near(k + ".sdcor", vc.sdcor(), 1e-4);
        }
    }

    static List<String> suffixes() {
        return List.of("_reml", "_ml");
    }
}
