package org.groupalliance.analysis.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.groupalliance.analysis.KenwardRoger;
import org.groupalliance.analysis.MixedModel;

/** Turns {@code analyze lmm}'s JSON into its {@code --ddf kenward-roger} form. */
final class KenwardRogerJson {

    private KenwardRogerJson() {
    }

    /**
     * Sets the top-level {@code "ddf": "Kenward-Roger"} and replaces each fixed effect's se, df, t,
     * p, ci_lower and ci_upper by the Kenward–Roger ones (same fields, same order). Without a
     * result (the fit did not converge) those fields are null, with a warning.
     */
    @SuppressWarnings("unchecked")
    static void apply(Map<String, Object> json, MixedModel.Result fit, KenwardRoger.Result kr) {
        json.put("ddf", "Kenward-Roger");
        List<Object> warnings = (List<Object>) json.get("warnings");
        Map<String, KenwardRoger.Coefficient> byTerm = new java.util.HashMap<>();
        if (kr != null) {
            kr.coefficients().forEach(c -> byTerm.put(c.term(), c));
        }
        List<Object> fixed = new ArrayList<>();
        for (MixedModel.FixedEffect fe : fit.fixedEffects()) {
            Map<String, Object> cm = Json.object();
            cm.put("term", fe.term());
            cm.put("estimate", fe.estimate());
            KenwardRoger.Coefficient c = byTerm.get(fe.term());
            cm.put("se", c == null ? null : c.se());
            cm.put("df", c == null ? null : c.df());
            cm.put("t", c == null ? null : c.t());
            cm.put("p", c == null ? null : c.p());
            cm.put("ci_lower", c == null ? null : c.ciLower());
            cm.put("ci_upper", c == null ? null : c.ciUpper());
            fixed.add(cm);
        }
        json.put("fixed_effects", fixed);
        if (kr == null) {
            warnings.add("Kenward-Roger inference needs a converged fit: se, t, df, p and the confidence intervals are null");
        } else {
            warnings.addAll(kr.warnings());
        }
    }
}
