package org.groupalliance.analysis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.groupalliance.analysis.RReference;
import org.junit.jupiter.api.Test;

/** {@code analyze lmm --ddf kenward-roger}: the JSON names the method and carries lmerTest's KR columns. */
class AnalyzeKenwardRogerTest {

    static final String THERAPY = "src/test/resources/analysis/therapy_small.csv";
    static final String FORMULA = "symptoms ~ condition * session + (1 | group_id) + (1 + session | member_id)";

    static final Pattern TERM = Pattern.compile("\"term\": \"([^\"]+)\",\\s*\"estimate\": (\\S+),\\s*\"se\": (\\S+),\\s*\"df\": (\\S+),"
            + "\\s*\"t\": (\\S+),\\s*\"p\": (\\S+),\\s*\"ci_lower\": (\\S+),\\s*\"ci_upper\": ([^,\\s]+)");

    @Test
    void kenward_roger_columns_agree_with_lmertest() throws IOException {
        AnalyzeTest.Run r = AnalyzeTest.run("lmm", "--data", THERAPY, "--formula", FORMULA, "--ddf", "kenward-roger");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"ddf\": \"Kenward-Roger\"", "\"converged\": true");
        Map<String, Double> e = RReference.load("kenward_roger_expected.csv");
        List<String> seen = new ArrayList<>();
        Matcher m = TERM.matcher(r.out());
        while (m.find()) {
            String k = "therapy_slopes.fe." + m.group(1);
            seen.add(m.group(1));
            assertThat(e).as("R reports %s", k).containsKey(k + ".se");
            for (String[] f : new String[][] {{"se", m.group(3)}, {"df", m.group(4)}, {"t", m.group(5)}}) {
                double expected = e.get(k + "." + f[0]);
                assertThat(Double.parseDouble(f[1])).as(k + "." + f[0]).isCloseTo(expected, within(1e-4 * Math.abs(expected)));
            }
            double p = Double.parseDouble(m.group(6));
            assertThat(Math.abs(Math.log(p / e.get(k + ".p")))).as(k + ".p").isLessThan(1e-3);
            double half = e.get(k + ".ci_upper") - e.get(k + ".estimate");
            assertThat(Double.parseDouble(m.group(7))).as(k + ".ci_lower").isCloseTo(e.get(k + ".ci_lower"), within(1e-4 * half));
            assertThat(Double.parseDouble(m.group(8))).as(k + ".ci_upper").isCloseTo(e.get(k + ".ci_upper"), within(1e-4 * half));
        }
        assertThat(seen).hasSize(e.get("therapy_slopes.n_fixed").intValue());
    }

    @Test
    void satterthwaite_stays_the_default_and_is_named() {
        AnalyzeTest.Run r = AnalyzeTest.run("lmm", "--data", THERAPY, "--formula", FORMULA);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"ddf\": \"Satterthwaite\"").doesNotContain("Kenward");
        AnalyzeTest.Run explicit = AnalyzeTest.run("lmm", "--data", THERAPY, "--formula", FORMULA, "--ddf", "satterthwaite");
        assertThat(explicit.status()).as(explicit.err()).isZero();
        assertThat(explicit.out().replaceAll("\"fit_seconds\": \\S+", ""))
                .isEqualTo(r.out().replaceAll("\"fit_seconds\": \\S+", ""));
    }

    @Test
    void the_ddf_method_is_read_in_any_case() {
        String kr = AnalyzeTest.run("lmm", "--data", THERAPY, "--formula", FORMULA, "--ddf", "kenward-roger").out().replaceAll("\"fit_seconds\": \\S+", "");
        for (String spelling : new String[] {"Kenward-Roger", "KENWARD-ROGER"}) {
            AnalyzeTest.Run r = AnalyzeTest.run("lmm", "--data", THERAPY, "--formula", FORMULA, "--ddf", spelling);
            assertThat(r.status()).as(spelling + ": " + r.err()).isZero();
            assertThat(r.out().replaceAll("\"fit_seconds\": \\S+", "")).as(spelling).isEqualTo(kr);
        }
        String satterthwaite = AnalyzeTest.run("lmm", "--data", THERAPY, "--formula", FORMULA).out().replaceAll("\"fit_seconds\": \\S+", "");
        for (String spelling : new String[] {"Satterthwaite", "SATTERTHWAITE"}) {
            AnalyzeTest.Run r = AnalyzeTest.run("lmm", "--data", THERAPY, "--formula", FORMULA, "--ddf", spelling);
            assertThat(r.status()).as(spelling + ": " + r.err()).isZero();
            assertThat(r.out().replaceAll("\"fit_seconds\": \\S+", "")).as(spelling).isEqualTo(satterthwaite);
        }
    }

    @Test
    void kenward_roger_with_ml_and_an_unknown_method_are_refused_in_one_line() {
        AnalyzeTest.Run ml = AnalyzeTest.run("lmm", "--data", THERAPY, "--formula", FORMULA, "--ddf", "kenward-roger", "--ml");
        assertThat(ml.status()).isEqualTo(2);
        assertThat(ml.out()).isEmpty();
        assertThat(ml.err()).contains("REML").contains("--ml").hasLineCount(1);
        AnalyzeTest.Run bad = AnalyzeTest.run("lmm", "--data", THERAPY, "--formula", FORMULA, "--ddf", "kenward");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--ddf must be satterthwaite or kenward-roger").hasLineCount(1);
    }
}
