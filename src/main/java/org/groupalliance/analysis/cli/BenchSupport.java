package org.groupalliance.analysis.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What {@code analyze bench} ({@link Bench}) and {@link KenwardRogerBench} share: the generated data,
 * the timing of a call (wall time and the CPU time of the whole process, so a loaded machine can be
 * told from a slow fit: with 8 helpers on 2 cores the wall time of a multi-threaded fit can be
 * several times its CPU time), the machine's load, and running an R script that writes
 * {@code key,value} lines.
 */
final class BenchSupport {

    private BenchSupport() {
    }

    /** A timed result: wall seconds and process CPU seconds (all threads) of the call. */
    record Timed<T>(T value, double wallSeconds, double cpuSeconds) {
    }

    /** Times {@code call}: wall clock and this process's CPU time (NaN where the JVM cannot tell). */
    static <T> Timed<T> time(Supplier<T> call) {
        double cpu0 = processCpuSeconds();
        long t0 = System.nanoTime();
        T value = call.get();
        double wall = (System.nanoTime() - t0) / 1e9;
        return new Timed<>(value, wall, processCpuSeconds() - cpu0);
    }

    /** CPU time of this process so far, in seconds (NaN if unavailable); java.lang only, as analysis may use only the JDK's java packages. */
    static double processCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** The one-minute load average of the machine (as {@code uptime} prints it; NaN if unavailable). */
    static double loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? Double.NaN : load;
    }

    /**
     * Writes the benchmark data: {@code groups × members} members with {@code sessions} sessions each;
     * alliance = 4 + group effect (sd 0.5) + member effect (sd 0.8) + (0.05 + member slope, sd 0.03) ×
     * session + noise (sd 0.7), rounded to 4 decimals. Returns the number of rows.
     */
    static long generate(Path csv, int groups, int members, int sessions, long seed) throws IOException {
        Random random = new Random(seed);
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

    /**
     * Runs an R script as {@code Rscript script csv result} and reads the {@code key,value} lines it
     * writes to {@code result}; null when R is not available, fails or exceeds {@code timeoutMinutes}.
     */
    static Map<String, Double> runR(String scriptText, Path csv, long timeoutMinutes) throws IOException {
        Path script = Files.createTempFile("ga-bench-", ".R");
        Path result = Files.createTempFile("ga-bench-", ".out");
        try {
            Files.writeString(script, scriptText);
            Process proc;
            try {
                proc = new ProcessBuilder("Rscript", script.toString(), csv.toString(), result.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                return null; // no R here
            }
            if (!proc.waitFor(timeoutMinutes, TimeUnit.MINUTES) || proc.exitValue() != 0 || Files.size(result) == 0) {
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
}
