package org.groupalliance.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The export streams: exporting four times the rows does not need more memory. Each size runs the
 * jar's {@code export-bench} command in its own JVM with a fixed, small heap on MariaDB; the
 * command collects garbage after every MiB written and reports the largest heap still in use.
 * Not a timing test (timings: docs/benchmarks.md).
 *
 * <p>Size of the effect looked for: Connector/J without streaming holds the whole result (four
 * item rows per rating, about 0.5 KB each), about 60 MB more for 30,000 more ratings; the test
 * allows 16 MB of difference.
 */
class ExportConstantMemoryMariaDbTest {

    static Map<String, String> bench(int groups) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx320m", "-XX:+UseSerialGC",
                "-Dspring.profiles.active=test,mariadb", "-cp", System.getProperty("java.class.path"), "org.groupalliance.Application",
                "export-bench", "--groups", Integer.toString(groups), "--members", "10", "--sessions", "40", "--measure-memory", "--long-only",
                "--force")); // the test database may hold the demo of other test classes
        File out = File.createTempFile("bench", ".out");
        File err = File.createTempFile("bench", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("export-bench ends").isTrue();
        String stdout = Files.readString(out.toPath());
        assertThat(p.exitValue()).as(stdout + Files.readString(err.toPath())).isZero();
        Map<String, String> values = new LinkedHashMap<>();
        stdout.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return values;
    }

    @Test
    void exporting_four_times_the_rows_holds_no_more_memory() throws Exception {
        Map<String, String> small = bench(25);
        Map<String, String> large = bench(100);
        assertThat(small).containsEntry("long_rows", "10000");
        assertThat(large).containsEntry("long_rows", "40000");
        double smallPeak = Double.parseDouble(small.get("peak_live_heap_mb"));
        double largePeak = Double.parseDouble(large.get("peak_live_heap_mb"));
        assertThat(largePeak).as("peak live heap: %s MB for 10,000 rows, %s MB for 40,000", smallPeak, largePeak).isLessThan(smallPeak + 16);
    }
}
