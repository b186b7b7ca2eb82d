package org.groupalliance.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The local MariaDB server's CPU, for the benchmarks that report where time goes. */
public final class MariaDbProcess {

    private MariaDbProcess() {
    }

    /**
     * CPU seconds so far of the {@code mariadbd} process on this machine (utime + stime from /proc, clock ticks
     * of 10 ms; all its databases and threads), 0 when it is not on this machine.
     */
    public static double cpuSeconds() {
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                try {
                    if (Files.readString(dir.resolve("comm")).trim().equals("mariadbd")) {
                        String stat = Files.readString(dir.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                    }
                } catch (IOException | RuntimeException e) {
                    // a process that ended meanwhile
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        return 0;
    }
}
