package org.groupalliance.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.groupalliance.support.MariaDbProcess;
import org.junit.jupiter.api.Test;

/**
 * The floor under issue 12's "1,000,000 long rows in under 3 s" (docs/benchmarks.md, "Research export"): how long
 * does this machine take merely to read the rows {@code long.csv} is made of, with no export code at all? Streams
 * every rating row (the twelve columns the export reads, no join, no order) and every item row through Connector/J
 * and decodes each column, writing nothing: first one query after the other, then both at once on two threads and
 * connections (the best overlap two cores allow). Three runs each; prints wall time, this JVM's CPU and
 * {@code mariadbd}'s CPU, and writes target/export-read-floor.txt. Needs the synthetic installation that
 * {@link ExportBenchmarkMariaDb} leaves in {@code ga_bench_export} (or {@code GA_BENCH_DB_URL}); not a test:
 * {@code ./mvnw -o -q test -Dtest=ExportReadFloorBenchmarkMariaDb -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ExportReadFloorBenchmarkMariaDb {

    static final String RATINGS = "SELECT id, group_id, session_id, instrument_code, instrument_version, rater_kind, rater_member_id, rater_user_id,"
            + " target_kind, target_member_id, target_subgroup_id, total_score FROM rating";
    static final String ITEMS = "SELECT rating_id, item_number, answer, item_value FROM rating_item";

    final String url = System.getenv().getOrDefault("GA_BENCH_DB_URL", "jdbc:mysql://127.0.0.1:3306/ga_bench_export?connectionTimeZone=UTC");

    @Test
    void read_the_rows_of_one_million_long_rows_and_nothing_else() throws Exception {
        long ratings;
        try (Connection c = DriverManager.getConnection(url, "root", ""); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM rating")) {
            r.next();
            ratings = r.getLong(1);
        }
        assertThat(ratings).as("ratings in the synthetic installation (run ExportBenchmarkMariaDb first)").isGreaterThanOrEqualTo(1_000_000);
        StringBuilder report = new StringBuilder(String.format("load average before: %s", Files.readString(Path.of("/proc/loadavg"))));
        for (int run = 1; run <= 3; run++) {
            report.append(measure("ratings alone, run " + run, List.of(RATINGS)));
            report.append(measure("items alone, run " + run, List.of(ITEMS)));
            report.append(measure("ratings and items at once, run " + run, List.of(RATINGS, ITEMS)));
        }
        report.append(String.format("load average after: %s", Files.readString(Path.of("/proc/loadavg"))));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/export-read-floor.txt"), report);
        System.out.print(report);
    }

    private String measure(String what, List<String> queries) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long t0 = System.nanoTime();
        long jvm0 = os.getProcessCpuTime();
        double db0 = MariaDbProcess.cpuSeconds();
        ExecutorService threads = Executors.newFixedThreadPool(queries.size());
        List<Future<Long>> reads = new ArrayList<>();
        for (String sql : queries) {
            reads.add(threads.submit(() -> drain(sql)));
        }
        long rows = 0;
        for (Future<Long> f : reads) {
            rows += f.get();
        }
        threads.shutdown();
        return String.format("%s: %,d rows, wall %.2f s, JVM CPU %.2f s, mariadbd CPU %.2f s%n", what, rows, (System.nanoTime() - t0) / 1e9,
                (os.getProcessCpuTime() - jvm0) / 1e9, MariaDbProcess.cpuSeconds() - db0);
    }

    /** Streams the query (Connector/J streams with fetch size Integer.MIN_VALUE) and reads every column; the row count. */
    private long drain(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "root", "");
             Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(Integer.MIN_VALUE);
            long rows = 0;
            long checksum = 0;
            try (ResultSet r = s.executeQuery(sql)) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    rows++;
                    for (int i = 1; i <= columns; i++) {
                        Object value = r.getObject(i);
                        checksum += value == null ? 0 : value.hashCode();
                    }
                }
            }
            return checksum == Long.MIN_VALUE ? -1 : rows; // the checksum keeps the JIT from dropping the reads
        }
    }
}
