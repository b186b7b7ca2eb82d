package org.groupalliance.export;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.groupalliance.base.cli.CliArgs;
import org.groupalliance.base.cli.CliCommand;
import org.groupalliance.export.internal.ExportRepository;
import org.groupalliance.export.internal.SyntheticInstallationRepository;
import org.groupalliance.export.internal.SyntheticInstallationRepository.Generated;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.OperatorActor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code java -jar groupalliance.jar export-bench --groups G --members M --sessions S [--measure-memory]}:
 * generates a synthetic installation ({@link SyntheticInstallationRepository}: G × M × S long rows
 * on a new site), then exports its {@code long.csv} and the whole zip into a byte counter and prints
 * {@code name=value} lines: rows, seconds, bytes, the JVM's maximum heap. With
 * {@code --measure-memory} it also calls {@code System.gc()} after every MiB written and reports the
 * largest heap still in use ({@code peak_live_heap_mb}): what the export holds, not what the
 * collector has yet to free. For a throwaway database only (refused where groups of a real site exist,
 * unless {@code --force}); the generation is audited as one entry, not row by row.
 */
@Component
class ExportBenchCommand implements CliCommand {

    static final String USAGE = """
            usage: export-bench --groups G --members M --sessions S [--seed N] [--measure-memory] [--long-only] [--reuse] [--drain] [--force]
              Generates G groups x M members x S sessions (every member's SESSION-ALLIANCE-4 at every session) on a new
              synthetic site, then exports that site's long.csv (and, unless --long-only, the whole zip) into a byte counter.
              Prints name=value lines. Use a throwaway database: the synthetic data stay. Refuses a database that holds
              groups of a non-synthetic site unless --force. With --reuse, exports the newest synthetic site already in
              the database instead of generating one (G, M and S are then only checked against its rating count).
              --drain first reads the long file's queries to the end without writing (the database's and driver's share).
            """;

    private final SyntheticInstallationRepository generator;
    private final ExportService exports;
    private final ResearchIds researchIds;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final ExportRepository repository;

    ExportBenchCommand(SyntheticInstallationRepository generator, ExportService exports, ResearchIds researchIds, AuditLog audit,
                       TransactionTemplate transactions, ExportRepository repository) {
        this.repository = repository;
        this.generator = generator;
        this.exports = exports;
        this.researchIds = researchIds;
        this.audit = audit;
        this.transactions = transactions;
    }

    @Override
    public String name() {
        return "export-bench";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (CliCommand.isHelp(args)) {
            out.print(USAGE);
            return 0;
        }
        try {
            CliArgs opts = CliArgs.parse(args, Set.of("groups", "members", "sessions", "seed"), Set.of("measure-memory", "long-only", "force", "reuse", "drain"));
            int groups = Integer.parseInt(opts.require("groups"));
            int members = Integer.parseInt(opts.require("members"));
            int sessions = Integer.parseInt(opts.require("sessions"));
            long seed = Long.parseLong(opts.get("seed").orElse("20261129"));
            boolean measure = opts.flag("measure-memory");
            int real = generator.realGroups();
            if (real > 0 && !opts.flag("force")) {
                err.println("export-bench: refused: the database holds " + real + " groups of non-synthetic sites; the synthetic data would stay"
                        + " next to them. Use a throwaway database, or --force.");
                return 2;
            }
            long t0 = System.nanoTime();
            Generated reused = opts.flag("reuse") ? generator.latest().filter(g -> g.ratings() == (long) groups * members * sessions).orElse(null)
                    : null;
            Generated generated = reused != null ? reused
                    : generator.generate(Long.toString(System.currentTimeMillis()), groups, members, sessions, seed);
            if (reused == null) {
                OperatorActor.as(OperatorActor.principal(), () -> transactions.execute(tx -> {
                    audit.record(AuditAction.CREATE, "SyntheticInstallation", generated.siteId(), null,
                            "Generated a synthetic installation for the export benchmark: " + groups + " groups, " + members + " members each, "
                                    + sessions + " sessions, " + generated.ratings() + " ratings", null, null);
                    return null;
                }));
            }
            out.printf(Locale.ROOT, "generated_ratings=%d%ngenerate_seconds=%.2f%n", generated.ratings(), (System.nanoTime() - t0) / 1e9);
            String site = researchIds.pseudonymiser().id(Pseudonymiser.Kind.SITE, generated.siteId());
            ExportFilter filter = new ExportFilter(Set.of(site), Set.of(), null, null, Set.of());
            if (opts.flag("drain")) {
                drain(generated, out);
            }
            Counter longCsv = new Counter(measure);
            double[] cpu0 = cpu();
            long t1 = System.nanoTime();
            OperatorActor.as(OperatorActor.principal(), () -> {
                exports.writeFile(filter, ExportRun.LONG, longCsv, "benchmark");
                return null;
            });
            double longSeconds = (System.nanoTime() - t1) / 1e9;
            double[] cpu1 = cpu();
            long rows = longCsv.lines - 1;
            out.printf(Locale.ROOT, "long_rows=%d%nlong_seconds=%.3f%nlong_rows_per_second=%.0f%nlong_bytes=%d%n", rows, longSeconds,
                    rows / longSeconds, longCsv.bytes);
            out.printf(Locale.ROOT, "long_jvm_cpu_seconds=%.2f%nlong_mariadbd_cpu_seconds=%.2f%n", cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]);
            if (measure) {
                out.printf(Locale.ROOT, "peak_live_heap_mb=%.1f%n", longCsv.peakLive / 1048576.0);
            }
            if (!opts.flag("long-only")) {
                Counter zip = new Counter(false);
                long t2 = System.nanoTime();
                OperatorActor.as(OperatorActor.principal(), () -> {
                    exports.writeZip(filter, zip, "benchmark");
                    return null;
                });
                out.printf(Locale.ROOT, "zip_seconds=%.3f%nzip_bytes=%d%n", (System.nanoTime() - t2) / 1e9, zip.bytes);
            }
            out.printf(Locale.ROOT, "max_heap_mb=%d%ncores=%d%n", Runtime.getRuntime().maxMemory() / 1048576,
                    Runtime.getRuntime().availableProcessors());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("export-bench: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
    }

    /**
     * {@code --drain}: reads the long file's two queries (the means pass without items, then the rows with items) to the
     * end and formats nothing: how much of the export is the database and the driver.
     */
    private void drain(Generated generated, PrintStream out) {
        for (boolean items : new boolean[] {false, true}) {
            long[] n = new long[1];
            double[] c0 = cpu();
            long t = System.nanoTime();
            repository.ratings(generated.groupIds(), null, null, Set.of(), ExportRepository.Order.BY_SESSION, items, r -> n[0]++);
            double[] c1 = cpu();
            String name = items ? "drain_rows" : "drain_means";
            out.printf(Locale.ROOT, "%s_rows=%d%n%s_seconds=%.3f%n%s_jvm_cpu_seconds=%.2f%n%s_mariadbd_cpu_seconds=%.2f%n", name, n[0], name,
                    (System.nanoTime() - t) / 1e9, name, c1[0] - c0[0], name, c1[1] - c0[1]);
        }
    }

    /** CPU seconds so far of this JVM and of the local MariaDB server ({@code mariadbd} in /proc; NaN when not found). */
    private static double[] cpu() {
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
        double db = Double.NaN;
        try (var dirs = java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc"), "[0-9]*")) {
            for (var dir : dirs) {
                try {
                    if (java.nio.file.Files.readString(dir.resolve("comm")).trim().equals("mariadbd")) {
                        String stat = java.nio.file.Files.readString(dir.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        db = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, clock ticks (USER_HZ 100)
                        break;
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    // a process that ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            // no /proc
        }
        return new double[] {jvm, db};
    }

    /** Counts bytes and lines; with {@code measure}, collects garbage after every MiB and keeps the largest heap in use. */
    private static final class Counter extends OutputStream {
        private final boolean measure;
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long bytes;
        long lines;
        long peakLive;
        private long nextSample = 0;

        Counter(boolean measure) {
            this.measure = measure;
        }

        @Override
        public void write(int b) {
            count(b == '\n' ? 1 : 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int n = 0;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    n++;
                }
            }
            count(n, len);
        }

        private void count(int newLines, int len) {
            lines += newLines;
            bytes += len;
            if (measure && bytes >= nextSample) {
                System.gc();
                peakLive = Math.max(peakLive, memory.getHeapMemoryUsage().getUsed());
                nextSample = bytes + (1 << 20);
            }
        }
    }
}
