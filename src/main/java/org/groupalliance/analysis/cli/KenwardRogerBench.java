package org.groupalliance.analysis.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.groupalliance.analysis.KenwardRoger;
import org.groupalliance.analysis.MixedModel;
import org.groupalliance.analysis.data.CsvReader;
import org.groupalliance.analysis.data.DataTable;
import org.groupalliance.analysis.model.Formula;

/**
 * Times Kenward–Roger inference on generated data (not a unit test: timings belong in
 * docs/benchmarks.md). Usage:
 * <pre>
 *   java -cp target/classes:&lt;commons-math3.jar&gt; org.groupalliance.analysis.cli.KenwardRogerBench \
 *        [groups=20] [members=10] [sessions=20] [repeats=5] [r]
 * </pre>
 * Data: alliance = 4 + group effect (sd 0.5) + member effect (sd 0.8) + (0.05 + member slope, sd 0.03)
 * × session + noise (sd 0.7), as {@code analyze bench}, written to a temporary CSV and read back with
 * {@link CsvReader}. For each model it reports the REML fit's time and, separately, the time of
 * {@link KenwardRoger#adjust}: first call in this JVM (cold) and the median of {@code repeats} further
 * calls. With {@code r}, the same CSV is fitted by lmerTest (bobyqa, rhoend 1e-12) and {@code summary(fit, ddf = "Kenward-Roger")}
 * (pbkrtest) is timed, and the largest relative differences of KR se and df are printed.
 */
public final class KenwardRogerBench {

    private KenwardRogerBench() {
    }

    public static void main(String[] args) throws IOException {
        int groups = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int members = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int sessions = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        boolean withR = args.length > 4 && args[4].equals("r");
        Path csv = Files.createTempFile("ga-kr-bench-", ".csv");
        try {
            long rows = BenchSupport.generate(csv, groups, members, sessions, 20261129L);
            System.out.printf(Locale.ROOT, "rows %d (%d groups x %d members x %d sessions), cores %d, max heap %d MB, %s%n", rows, groups, members,
                    sessions, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.version"));
            for (String formulaText : new String[] {"alliance ~ session + (1 | group_id/member_id)",
                    "alliance ~ session + (1 | group_id) + (1 + session | member_id)"}) {
                Formula f = Formula.parse(formulaText);
                DataTable data = CsvReader.read(csv, f.variables(), f.groupingFactors(), Set.of(f.response()));
                BenchSupport.Timed<MixedModel.Result> fitted = BenchSupport.time(() -> MixedModel.fit(f, data, MixedModel.Estimation.REML));
                MixedModel.Result fit = fitted.value();
                BenchSupport.Timed<KenwardRoger.Result> first = BenchSupport.time(() -> KenwardRoger.adjust(f, data, fit));
                KenwardRoger.Result kr = first.value();
                double[] warm = new double[repeats];
                for (int i = 0; i < repeats; i++) {
                    warm[i] = BenchSupport.time(() -> KenwardRoger.adjust(f, data, fit)).wallSeconds();
                }
                java.util.Arrays.sort(warm);
                System.out.printf(Locale.ROOT, "%s%n  REML fit (incl. Satterthwaite) %.3f s (CPU %.3f s); Kenward-Roger cold %.3f s (CPU %.3f s), median of %d warm"
                        + " %.4f s; fit + KR %.3f s; load average %.1f%n", formulaText, fitted.wallSeconds(), fitted.cpuSeconds(), first.wallSeconds(),
                        first.cpuSeconds(), repeats, repeats == 0 ? Double.NaN : warm[repeats / 2], fitted.wallSeconds() + first.wallSeconds(),
                        BenchSupport.loadAverage());
                for (KenwardRoger.Coefficient c : kr.coefficients()) {
                    System.out.printf(Locale.ROOT, "  %-12s estimate %.6g se %.6g df %.6g t %.6g p %.4g%n", c.term(), c.estimate(), c.se(), c.df(), c.t(), c.p());
                }
                if (withR) {
                    Map<String, Double> r = runR(csv, formulaText);
                    if (r == null) {
                        System.out.println("  R: not available");
                        continue;
                    }
                    double maxSe = 0;
                    double maxDf = 0;
                    for (KenwardRoger.Coefficient c : kr.coefficients()) {
                        maxSe = Math.max(maxSe, Math.abs(c.se() / r.get("se." + c.term()) - 1));
                        maxDf = Math.max(maxDf, Math.abs(c.df() / r.get("df." + c.term()) - 1));
                    }
                    System.out.printf(Locale.ROOT, "  R: lmer (bobyqa, rhoend 1e-12) %.2f s, summary(ddf = \"Kenward-Roger\") %.2f s; logLik ours - R %.1e;"
                            + " max rel. diff se %.1e, df %.1e%n", r.get("fit_seconds"), r.get("kr_seconds"), fit.logLik() - r.get("logLik"), maxSe, maxDf);
                }
            }
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    private static Map<String, Double> runR(Path csv, String formula) throws IOException {
        return BenchSupport.runR("""
                suppressPackageStartupMessages({ library(lme4); library(lmerTest); library(pbkrtest) })
                args <- commandArgs(trailingOnly = TRUE)
                d <- read.csv(args[1], colClasses = c("character", "character", "numeric", "numeric"))
                ctl <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e6))
                tf <- system.time(fit <- lmerTest::lmer(%s, data = d, REML = TRUE, control = ctl))[["elapsed"]]
                tk <- system.time(s <- summary(fit, ddf = "Kenward-Roger")$coefficients)[["elapsed"]]
                writeLines(c(sprintf("fit_seconds,%%.17g", tf), sprintf("kr_seconds,%%.17g", tk), sprintf("logLik,%%.17g", as.numeric(logLik(fit))),
                             sprintf("se.%%s,%%.17g", rownames(s), s[, "Std. Error"]), sprintf("df.%%s,%%.17g", rownames(s), s[, "df"])), args[2])
                """.formatted(formula), csv, 60);
    }
}
