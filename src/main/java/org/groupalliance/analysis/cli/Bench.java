package org.groupalliance.analysis.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
            long rows = generate(csv, groups, members, sessions);
            Formula f = Formula.parse(formulaText);
            long t0 = System.nanoTime();
            DataTable data = CsvReader.read(csv, f.variables(), f.groupingFactors(), Set.of(f.response()));
            double readSeconds = (System.nanoTime() - t0) / 1e9;
            MixedModel.Result ours = MixedModel.fit(f, data, MixedModel.Estimation.REML);
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
            out.put("ours_logLik", ours.logLik());
            out.put("max_heap_mb", rt.maxMemory() / (1024 * 1024));
            out.put("peak_heap_used_mb", peakHeapMb());
            out.put("cores", rt.availableProcessors());
            Map<String, Double> r = o.containsKey("no-r") ? null : runLme4(csv, formulaText);
            if (r != null) {
                double rSeconds = r.get("seconds");
                out.put("lme4_fit_seconds", rSeconds);
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

    static long generate(Path csv, int groups, int members, int sessions) throws IOException {
        Random random = new Random(20261127L);
        long rows = 0;
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("group_id,member_id,session,alliance\n");
            StringBuilder sb = new StringBuilder(64);
            for (int g = 1; g <= groups; g++) {
                double ge = 0.5 * random.nextGaussian();
                for (int m = 1; m <= members; m++) {
                    double me = 0.8 * random.nextGaussian();
                    double slope = 0.05 + 0.03 * random.nextGaussian();
                    for (int s = 1; s <= sessions; s++) {
                        double y = 4 + ge + me + slope * s + 0.7 * random.nextGaussian();
                        sb.setLength(0);
                        sb.append('G').append(g).append(",G").append(g).append('M').append(m).append(',').append(s).append(',')
                                .append(Math.round(y * 1e4) / 1e4).append('\n');
                        w.write(sb.toString());
                        rows++;
                    }
                }
            }
        }
        return rows;
    }

    /** Times lme4's lmer on the same CSV; null when Rscript or lme4 is not available. */
    private static Map<String, Double> runLme4(Path csv, String formula) throws IOException {
        Path script = Files.createTempFile("ga-bench-", ".R");
        Path result = Files.createTempFile("ga-bench-", ".out");
        try {
            Files.writeString(script, """
                    suppressPackageStartupMessages(library(lme4))
                    args <- commandArgs(trailingOnly = TRUE)
                    d <- read.csv(args[1], colClasses = c("character", "character", "numeric", "numeric"))
                    t <- system.time(fit <- lmer(%s, data = d, REML = TRUE))[["elapsed"]]
                    fe <- fixef(fit)
                    lines <- c(sprintf("seconds,%%.17g", t), sprintf("logLik,%%.17g", as.numeric(logLik(fit))),
                               sprintf("fe.%%s,%%.17g", names(fe), fe))
                    writeLines(lines, args[2])
                    """.formatted(formula));
            Process proc;
            try {
                proc = new ProcessBuilder("Rscript", script.toString(), csv.toString(), result.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                return null; // no R here
            }
            if (!proc.waitFor(30, TimeUnit.MINUTES) || proc.exitValue() != 0 || Files.size(result) == 0) {
                return null;
            }
            Map<String, Double> values = new HashMap<>();
            for (String line : Files.readAllLines(result)) {
                int comma = line.lastIndexOf(',');
                values.put(line.substring(0, comma), Double.parseDouble(line.substring(comma + 1)));
            }
            return values;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(result);
        }
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
        for (String key : new String[] {"rows", "groups", "members_per_group", "sessions_per_member", "ours_read_seconds", "ours_fit_seconds", "peak_heap_used_mb",
                "lme4_fit_seconds", "speedup_fit", "speedup_read_and_fit", "max_rel_diff_fixed_effects", "logLik_diff", "max_heap_mb", "cores",
                "r_version"}) {
            Object v = r.get(key);
            lines.add("| " + key + " | " + (v instanceof Double d ? String.format(java.util.Locale.ROOT, "%.4g", d) : String.valueOf(v)) + " |");
        }
        Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
