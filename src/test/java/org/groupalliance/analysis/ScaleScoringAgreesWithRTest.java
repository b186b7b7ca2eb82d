package org.groupalliance.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.groupalliance.analysis.ScaleScoring.Method;
import org.groupalliance.analysis.ScaleScoring.Scale;
import org.junit.jupiter.api.Test;

/**
 * Scale scores against R (scoring.R beside the fixtures): psych::scoreItems item means with a
 * reverse-keyed item over answered items, the missing-item limit, prorated sums, and sums of
 * visual-analogue decimals. Tolerance: 1e-12 absolute (scores are at most 60; both sides sum
 * at most five doubles, in possibly different order).
 */
class ScaleScoringAgreesWithRTest {

    static final Path DIR = RReference.DIR;
    static final double TOL = 1e-12;

    /** Expected values by "set/kind" and row (1-based); NaN where R gives NA. */
    private static Map<String, List<Double>> expected() throws IOException {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(DIR.resolve("scoring_expected.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            m.computeIfAbsent(f[0] + "/" + f[2], k -> new ArrayList<>()).add(f[3].equals("NA") ? Double.NaN : Double.parseDouble(f[3]));
        }
        return m;
    }

    private static List<double[]> rows(String file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(DIR.resolve(file));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            double[] r = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                r[i] = f[i].isEmpty() || f[i].equals("NA") ? Double.NaN : Double.parseDouble(f[i]);
            }
            rows.add(r);
        }
        return rows;
    }

    private static void agree(List<double[]> data, Scale scale, List<Double> want, String what) {
        assertThat(want).as(what + ": rows").hasSize(data.size());
        int scored = 0;
        for (int i = 0; i < data.size(); i++) {
            double got = ScaleScoring.score(scale, data.get(i)).score();
            double w = want.get(i);
            if (Double.isNaN(w)) {
                assertThat(got).as(what + " row " + (i + 1) + " (R: NA)").isNaN();
            } else {
                assertThat(got).as(what + " row " + (i + 1)).isCloseTo(w, org.assertj.core.data.Offset.offset(TOL));
                scored++;
            }
        }
        assertThat(scored).as(what + ": rows with a score").isGreaterThan(data.size() / 2);
    }

    @Test
    void bfi_agreeableness_with_a_reverse_keyed_item_and_missing_answers_matches_psych_score_items() throws IOException {
        Map<String, List<Double>> want = expected();
        List<double[]> bfi = rows("bfi_agreeableness.csv");
        List<Integer> items = List.of(0, 1, 2, 3, 4);
        agree(bfi, new Scale("agree", 1, 6, items, List.of(0), Method.MEAN, 4, 1.0), want.get("bfi/mean_any"), "mean over answered");
        agree(bfi, new Scale("agree", 1, 6, items, List.of(0), Method.MEAN, 1, 0.2), want.get("bfi/mean_max1"), "mean, at most 1 missing");
        agree(bfi, new Scale("agree", 1, 6, items, List.of(0), Method.SUM, 1, 0.2), want.get("bfi/sum_prorated_max1"), "prorated sum");
    }

    @Test
    void visual_analogue_sums_with_decimals_match_r() throws IOException {
        Map<String, List<Double>> want = expected();
        List<double[]> vas = rows("vas_forms.csv");
        List<Integer> items = List.of(0, 1, 2, 3);
        agree(vas, new Scale("vas", 0, 10, items, List.of(), Method.SUM, 0, 0), want.get("vas/sum_complete"), "complete sum");
        agree(vas, new Scale("vas", 0, 10, items, List.of(), Method.SUM, 1, 0.25), want.get("vas/sum_prorated_max1"), "prorated sum");
    }
}
