package org.groupalliance.analysis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyze command as a researcher uses it: JSON on stdout, one-line errors and status 2. */
class AnalyzeTest {

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Analyze.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static final String DATA = "src/test/resources/analysis/group_sessions.csv";

    @Test
    void icc_prints_json_with_full_precision_numbers() throws IOException {
        Run r = run("icc", "--data", DATA, "--value", "alliance", "--group", "group_id");
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("\"n_groups\": 14").startsWith("{").endsWith("}\n");
        var m = java.util.regex.Pattern.compile("\"ICC1\": ([-0-9.eE]+)").matcher(r.out());
        assertThat(m.find()).isTrue();
        double expected = org.groupalliance.analysis.RReference.load("closed_form_expected.csv").get("icc.ICC1");
        // printed in full precision: reading the text back gives the engine's double, within 1e-10 of R
        assertThat(Double.parseDouble(m.group(1))).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-10));
        assertThat(m.group(1).length()).isGreaterThan(14);
    }

    @Test
    void ols_names_terms_as_r_does() {
        Run r = run("ols", "--data", DATA, "--formula", "outcome ~ alliance * phase");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("\"term\": \"(Intercept)\"").contains("\"term\": \"alliance:phasemiddle\"").contains("\"n_dropped\": 8");
    }

    @Test
    void an_unknown_column_is_a_one_line_error_with_status_2() {
        Run r = run("icc", "--data", DATA, "--value", "allianse", "--group", "group_id");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("analyze icc: unknown column 'allianse'").hasLineCount(1);
    }

    @Test
    void a_non_numeric_value_is_reported_with_its_line_number(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "g,y\nA,1\nA,2\nB,three\nB,4\n");
        Run r = run("icc", "--data", csv.toString(), "--value", "y", "--group", "g");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("column 'y' must be numeric, but line 4 has 'three'");
    }

    @Test
    void an_unparseable_formula_and_an_unknown_command_are_refused() {
        assertThat(run("ols", "--data", DATA, "--formula", "outcome alliance").err()).contains("has no '~'");
        assertThat(run("frobnicate", "--data", DATA).status()).isEqualTo(2);
    }

    @Test
    void missing_cells_and_na_are_missing(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("na.csv");
        Files.writeString(csv, "x,y\n1,2\n2,NA\n3,5\n,6\n4,7\n5,11\n");
        Run r = run("cor", "--data", csv.toString(), "--x", "x", "--y", "y");
        assertThat(r.out()).contains("\"n\": 4");
    }

    @Test
    void lmm_prints_the_documented_fields_with_lme4_names() {
        Run r = run("lmm", "--data", DATA, "--formula", "alliance ~ session + (1 | group_id/member_id)");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"estimation\": \"REML\"", "\"n_obs\": ", "\"n_dropped\": 8", "\"member_id:group_id\": ",
                "\"group_id\": 14", "\"term\": \"session\"", "\"group\": \"Residual\"", "\"var2\": null", "\"logLik\": ",
                "\"AIC\": ", "\"BIC\": ", "\"converged\": true", "\"singular\": false", "\"fit_seconds\": ");
        assertThat(run("lmm", "--data", DATA, "--formula", "alliance ~ session + (1 | group_id/member_id)", "--ml").out())
                .contains("\"estimation\": \"ML\"");
    }

    @Test
    void lmm_refuses_what_it_cannot_fit_with_a_reason(@TempDir Path dir) throws IOException {
        assertThat(run("lmm", "--data", DATA, "--formula", "alliance ~ session").err()).contains("needs a random-effect term");
        Path crossed = dir.resolve("crossed.csv");
        Files.writeString(crossed, "y,a,b\n1,A,X\n2,A,Y\n3,B,X\n4,B,Y\n5,A,X\n6,B,Y\n");
        Run r = run("lmm", "--data", crossed.toString(), "--formula", "y ~ 1 + (1 | a) + (1 | b)");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("crossed random effects are not supported").hasLineCount(1);
    }

    @Test
    void a_singular_fit_is_flagged_with_a_warning(@TempDir Path dir) throws IOException {
        // groups with identical means: the group variance is estimated at zero
        StringBuilder sb = new StringBuilder("y,g\n");
        double[] noise = {-1.2, 0.4, 0.8, -0.3, 0.9, -0.6};
        for (int g = 1; g <= 5; g++) {
            for (int i = 0; i < 6; i++) {
                sb.append(10 + noise[(i + g) % 6]).append(",G").append(g).append('\n');
            }
        }
        Path csv = dir.resolve("singular.csv");
        Files.writeString(csv, sb.toString());
        Run r = run("lmm", "--data", csv.toString(), "--formula", "y ~ 1 + (1 | g)");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"singular\": true", "boundary (singular) fit");
    }

    @Test
    void every_command_explains_itself() {
        for (String c : new String[] {"icc", "rwg", "alpha", "cor", "ols", "rci", "trajectory", "lmm", "bench"}) {
            Run r = run(c, "--help");
            assertThat(r.status()).isZero();
            assertThat(r.out()).startsWith("analyze " + c);
        }
    }

    @Test
    void unknown_and_misspelt_options_are_refused_naming_the_close_match() {
        Run ml = run("lmm", "--data", DATA, "--formula", "alliance ~ session + (1 | group_id/member_id)", "--ML");
        assertThat(ml.status()).isEqualTo(2);
        assertThat(ml.out()).isEmpty();
        assertThat(ml.err()).hasLineCount(1).startsWith("analyze lmm: unknown option --ML").contains("did you mean --ml?");
        Run bogus = run("lmm", "--data", DATA, "--formula", "alliance ~ session + (1 | group_id/member_id)", "--bogus", "1");
        assertThat(bogus.status()).isEqualTo(2);
        assertThat(bogus.err()).hasLineCount(1).contains("unknown option --bogus").doesNotContain("did you mean");
        assertThat(run("lmm", "--data", DATA, "--formula", "alliance ~ session + (1 | group_id)", "--level=0.9").err())
                .contains("--level 0.9 (with a space");
        assertThat(run("lmm", "--data", DATA, "--formula", "alliance ~ session + (1 | group_id)", "--ml", "--ml").err()).contains("given twice");
        assertThat(run("lmm", "--data", DATA, "--formula", "alliance ~ session + (1 | group_id)", "-ml").err()).contains("did you mean --ml?");
        // every option of every command: a wrong case and a one-letter typo name the option; another command's option is refused
        Analyze.ACCEPTED.forEach((command, accepted) -> {
            assertThat(accepted).isNotEmpty();
            for (String option : accepted) {
                String[] wrongs = option.length() < 3 ? new String[] {option.toUpperCase(java.util.Locale.ROOT)}
                        : new String[] {option.toUpperCase(java.util.Locale.ROOT), option + "x"};
                for (String wrong : wrongs) {
                    Run r = run(command, "--" + wrong, "1");
                    assertThat(r.status()).as(command + " --" + wrong).isEqualTo(2);
                    assertThat(r.out()).isEmpty();
                    assertThat(r.err()).as(command + " --" + wrong).hasLineCount(1)
                            .startsWith("analyze " + command + ": unknown option --" + wrong).contains("did you mean --" + option + "?");
                }
            }
            Run r = run(command, "--bogus", "1");
            assertThat(r.status()).as(command + " --bogus").isEqualTo(2);
            assertThat(r.err()).as(command).hasLineCount(1).contains("unknown option --bogus");
        });
        assertThat(Analyze.ACCEPTED.keySet()).containsExactlyInAnyOrder("icc", "rwg", "alpha", "cor", "ols", "rci", "trajectory", "lmm", "bench");
        assertThat(run("icc", "--data", DATA, "--value", "alliance", "--group", "group_id", "--ml").err())
                .contains("unknown option --ml for icc");
    }

    @Test
    void lmm_reports_the_ddf_method_and_confidence_intervals_at_the_chosen_level() {
        Run r = run("lmm", "--data", DATA, "--formula", "alliance ~ session + (1 | group_id/member_id)", "--level", "0.9");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"ddf\": \"Satterthwaite\"", "\"ci_lower\": ", "\"ci_upper\": ");
        assertThat(run("lmm", "--data", DATA, "--formula", "alliance ~ session + (1 | group_id)", "--level", "1.5").err())
                .contains("--level must lie strictly between 0 and 1");
        assertThat(run("lmm", "--data", DATA, "--formula", "alliance ~ session + (1 | group_id)", "--ddf", "kr").err())
                .contains("--ddf must be satterthwaite or kenward-roger");
    }

    /** --ddf kenward-roger end to end against lmerTest's summary(ddf = "Kenward-Roger") (kenward_roger.R), every R term. */
    @Test
    void lmm_with_kenward_roger_reports_adjusted_se_t_df_p_and_intervals_as_lmertest() throws IOException {
        var expected = org.groupalliance.analysis.RReference.load("kenward_roger_expected.csv");
        String name = "therapy_slopes";
        Run r = run("lmm", "--data", "src/test/resources/analysis/therapy_small.csv", "--formula",
                "symptoms ~ condition * session + (1 | group_id) + (1 + session | member_id)", "--ddf", "kenward-roger");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"ddf\": \"Kenward-Roger\"", "\"converged\": true");
        java.util.List<String> terms = expected.keySet().stream().filter(k -> k.startsWith(name + ".fe.") && k.endsWith(".se_unadjusted"))
                .map(k -> k.substring((name + ".fe.").length(), k.length() - ".se_unadjusted".length())).toList();
        assertThat(terms).hasSize(expected.get(name + ".n_fixed").intValue());
        assertThat(r.out().split("\"term\": ", -1)).hasSize(terms.size() + 1);
        for (String term : terms) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"term\": \"" + java.util.regex.Pattern.quote(term)
                    + "\", \"estimate\": ([^,]+), \"se\": ([^,]+), \"df\": ([^,]+), \"t\": ([^,]+), \"p\": ([^,]+), \"ci_lower\": ([^,]+), \"ci_upper\": ([^,}\\s]+)")
                    .matcher(r.out().replaceAll("\\s+", " "));
            assertThat(m.find()).as("term %s in %s", term, r.out()).isTrue();
            String k = name + ".fe." + term;
            double se = Double.parseDouble(m.group(2));
            double df = Double.parseDouble(m.group(3));
            double t = Double.parseDouble(m.group(4));
            double p = Double.parseDouble(m.group(5));
            assertThat(se).as(k + ".se").isCloseTo(expected.get(k + ".se"), org.assertj.core.api.Assertions.withinPercentage(1e-2));
            assertThat(df).as(k + ".df").isCloseTo(expected.get(k + ".df"), org.assertj.core.api.Assertions.withinPercentage(1e-2));
            assertThat(t).as(k + ".t").isCloseTo(expected.get(k + ".t"), org.assertj.core.api.Assertions.withinPercentage(1e-2));
            assertThat(Math.log(p)).as(k + ".p (log)").isCloseTo(Math.log(expected.get(k + ".p")), org.assertj.core.api.Assertions.within(1e-3));
            // the interval uses the Kenward-Roger df and se
            assertThat(Double.parseDouble(m.group(7)) - Double.parseDouble(m.group(6)))
                    .isCloseTo(2 * se * new org.apache.commons.math3.distribution.TDistribution(df).inverseCumulativeProbability(0.975),
                            org.assertj.core.api.Assertions.within(1e-8 * se));
        }
        Run ml = run("lmm", "--data", DATA, "--formula", "alliance ~ session + (1 | group_id)", "--ddf", "kenward-roger", "--ml");
        assertThat(ml.status()).isEqualTo(2);
        assertThat(ml.err()).hasLineCount(1).contains("needs a REML fit");
    }
}
