package org.groupalliance.analysis.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.groupalliance.analysis.MixedModel;
import org.groupalliance.analysis.data.CsvReader;
import org.groupalliance.analysis.data.DataTable;
import org.groupalliance.analysis.model.Formula;

/**
 * {@code analyze bench}: our mixed model against lme4 on the same generated data in the same run.
 * The data: {@code groups x members} members, each with {@code sessions} sessions; alliance =
 * 4 + group effect (sd 0.5) + member effect (sd 0.8) + (0.05 + member slope, sd 0.03) x session
 * + noise (sd 0.7). Both sides read the same CSV file; timings are of the fit only (lme4's
 * {@code lmer} call against our fit, which also computes Satterthwaite df); our CSV reading is
 * reported separately.
 */
final class Bench {

    private Bench() {
    }

    static Map<String, Object> run(Map<String, String> o) throws IOException {
        int groups = Integer.parseInt(o.getOrDefault("groups", "2000"));
        int members = Integer.parseInt(o.getOrDefault("members", "8"));
        int sessions = Integer.parseInt(o.getOrDefault("sessions", "16"));
        String model = o.getOrDefault("model", "nested");
        String formulaText = switch (model) {
            case "nested" -> "alliance ~ session + (1 | group_id/member_id)";
            case "slopes" -> "alliance ~ session + (1 + session | member_id)";
            default -> throw new IllegalArgumentException("--model must be nested or slopes");
        };
        Path csv = Files.createTempFile("ga-bench-", ".csv");
        try {
            long rows = BenchSupport.generate(csv, groups, members, sessions, 20261127L);
            Formula f = Formula.parse(formulaText);
            long t0 = System.nanoTime();
            DataTable data = CsvReader.read(csv, f.variables(), f.groupingFactors(), Set.of(f.response()));
            double readSeconds = (System.nanoTime() - t0) / 1e9;
            DataTable table = data;
            double loadBefore = BenchSupport.loadAverage();
            BenchSupport.Timed<MixedModel.Result> timed = BenchSupport.time(() -> MixedModel.fit(f, table, MixedModel.Estimation.REML));
            MixedModel.Result ours = timed.value();
            data = null;
            Runtime rt = Runtime.getRuntime();
            Map<String, Object> out = Json.object();
            out.put("model", formulaText);
            out.put("rows", rows);
            out.put("groups", groups);
            out.put("members_per_group", members);
            out.put("sessions_per_member", sessions);
            out.put("ours_read_seconds", readSeconds);
            out.put("ours_fit_seconds", ours.fitSeconds());
            out.put("ours_fit_wall_seconds", timed.wallSeconds());
            out.put("ours_fit_cpu_seconds", timed.cpuSeconds());
            out.put("load_average_1min", loadBefore);
            out.put("ours_logLik", ours.logLik());
            out.put("max_heap_mb", rt.maxMemory() / (1024 * 1024));
            out.put("peak_heap_used_mb", peakHeapMb());
            out.put("cores", rt.availableProcessors());
            Map<String, Double> r = o.containsKey("no-r") ? null : runLme4(csv, formulaText);
            if (r != null) {
                double rSeconds = r.get("seconds");
                out.put("lme4_fit_seconds", rSeconds);
                out.put("lme4_fit_cpu_seconds", r.get("cpu_seconds"));
                out.put("lme4_logLik", r.get("logLik"));
                out.put("speedup_fit", rSeconds / ours.fitSeconds());
                out.put("speedup_read_and_fit", rSeconds / (ours.fitSeconds() + readSeconds));
                double maxRel = 0;
                for (MixedModel.FixedEffect fe : ours.fixedEffects()) {
                    Double e = r.get("fe." + fe.term());
                    if (e != null) {
                        maxRel = Math.max(maxRel, Math.abs(fe.estimate() - e) / Math.abs(e));
                    }
                }
                out.put("max_rel_diff_fixed_effects", maxRel);
                out.put("logLik_diff", ours.logLik() - r.get("logLik"));
                out.put("r_version", rVersion());
            } else {
                out.put("lme4_fit_seconds", null);
            }
            out.put("ours", Analyze.lmmJson(ours));
            if (o.containsKey("out")) {
                appendMarkdown(Path.of(o.get("out")), out);
            }
            return out;
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    /** The sum of the heap pools' peak usage since the JVM started (generation, reading and fitting). */
    private static long peakHeapMb() {
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }

    /** Times lme4's lmer on the same CSV; null when Rscript or lme4 is not available. */
    private static Map<String, Double> runLme4(Path csv, String formula) throws IOException {
        return BenchSupport.runR("""
                suppressPackageStartupMessages(library(lme4))
                args <- commandArgs(trailingOnly = TRUE)
                d <- read.csv(args[1], colClasses = c("character", "character", "numeric", "numeric"))
                st <- system.time(fit <- lmer(%s, data = d, REML = TRUE))
                fe <- fixef(fit)
                lines <- c(sprintf("seconds,%%.17g", st[["elapsed"]]), sprintf("cpu_seconds,%%.17g", st[["user.self"]] + st[["sys.self"]]),
                           sprintf("logLik,%%.17g", as.numeric(logLik(fit))), sprintf("fe.%%s,%%.17g", names(fe), fe))
                writeLines(lines, args[2])
                """.formatted(formula), csv, 30);
    }

    private static String rVersion() {
        try {
            Process p = new ProcessBuilder("Rscript", "-e", "cat(R.version.string, 'lme4', as.character(packageVersion('lme4')))")
                    .redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(1, TimeUnit.MINUTES);
            return s;
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    private static void appendMarkdown(Path file, Map<String, Object> r) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("### " + r.get("model") + " — " + r.get("rows") + " rows (" + java.time.LocalDate.now() + ")");
        lines.add("");
        lines.add("| measure | value |");
        lines.add("|---|---|");
        for (String key : new String[] {"rows", "groups", "members_per_group", "sessions_per_member", "ours_read_seconds", "ours_fit_seconds", "ours_fit_cpu_seconds", "peak_heap_used_mb",
                "lme4_fit_seconds", "lme4_fit_cpu_seconds", "load_average_1min", "speedup_fit", "speedup_read_and_fit", "max_rel_diff_fixed_effects", "logLik_diff", "max_heap_mb", "cores",
                "r_version"}) {
            Object v = r.get(key);
            lines.add("| " + key + " | " + (v instanceof Double d ? String.format(java.util.Locale.ROOT, "%.4g", d) : String.valueOf(v)) + " |");
        }
        Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
