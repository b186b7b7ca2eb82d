package org.groupalliance.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The 1,000,000-row export benchmark as one command, not a test (its name does not end in
 * {@code Test}; run on demand, docs/benchmarks.md "Research export"):
 * {@code ./mvnw -o -q test -Dtest=ExportBenchmarkMariaDb -Dsurefire.failIfNoSpecifiedTests=false}.
 * Runs {@code export-bench --groups 1000 --members 10 --sessions 100} in a JVM of its own
 * ({@code -Xmx1g}; the same class path; the jar's {@code java -jar groupalliance.jar export-bench ...}
 * runs the same code) against the throwaway database {@code ga_bench_export}, which it drops and
 * recreates first (override with {@code GA_BENCH_DB_URL}, whose database is likewise dropped; arguments with
 * {@code -Dbench.args="--groups 100 ..."}). Prints the command's {@code name=value} lines and the load
 * average.
 */
class ExportBenchmarkMariaDb {

    @Test
    void export_one_million_long_rows() throws Exception {
        String url = System.getenv().getOrDefault("GA_BENCH_DB_URL", "jdbc:mysql://127.0.0.1:3306/ga_bench_export?createDatabaseIfNotExist=true"
                + "&useUnicode=true&characterEncoding=UTF-8&connectionTimeZone=UTC");
        String database = url.replaceFirst("^jdbc:[a-z]+://[^/]+/", "").replaceFirst("\\?.*$", "");
        assertThat(database).as("a throwaway database named ga_bench_*").startsWith("ga_bench_");
        String args = System.getProperty("bench.args", "--groups 1000 --members 10 --sessions 100").trim();
        if (!args.contains("--reuse")) { // --reuse: export the synthetic site the last run left
            try (var c = java.sql.DriverManager.getConnection(url.replaceFirst("/" + database + "\\?", "/?"), "root", "");
                 var st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + database);
                st.execute("CREATE DATABASE " + database);
            }
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                "-Dspring.profiles.active=mariadb", "-Dspring.datasource.url=" + url, "-Dgroupalliance.demo-data.enabled=false",
                "-cp", System.getProperty("java.class.path"), "org.groupalliance.Application", "export-bench"));
        String jvm = System.getProperty("bench.jvm", "").trim(); // e.g. -XX:StartFlightRecording=filename=/tmp/x.jfr
        if (!jvm.isEmpty()) {
            command.addAll(1, List.of(jvm.split("\\s+")));
        }
        command.addAll(List.of(args.split("\\s+")));
        File out = File.createTempFile("bench", ".out");
        File err = File.createTempFile("bench", ".err");
        System.out.println("load before: " + Files.readString(new File("/proc/loadavg").toPath()).trim());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
        assertThat(p.waitFor(900, TimeUnit.SECONDS)).as("export-bench ends").isTrue();
        System.out.println(Files.readString(out.toPath()));
        System.out.printf("command_seconds=%.1f%n", (System.nanoTime() - t0) / 1e9);
        System.out.println("load after: " + Files.readString(new File("/proc/loadavg").toPath()).trim());
        assertThat(p.exitValue()).as(Files.readString(err.toPath())).isZero();
    }
}
