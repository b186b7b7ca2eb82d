package org.groupalliance.support;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the application's real {@code main} in a fresh JVM, as {@code java -jar} would, and returns
 * its exit status and output. With {@code testDatabase} the JVM uses this build's MariaDB test
 * settings (profiles {@code test,mariadb}; GA_TEST_DB_URL is inherited from the environment).
 */
public final class JarCommand {

    /** Exit status and the two output streams. */
    public record Run(int status, String out, String err) {
    }

    private JarCommand() {
    }

    public static Run run(boolean testDatabase, String... args) {
        return runOn(testDatabase, null, args);
    }

    /** As {@link #run(boolean, String...)}, on the given database instead of the default test database. */
    public static Run runOn(boolean testDatabase, String datasourceUrl, String... args) {
        try {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
            if (testDatabase) {
                command.add("-Dspring.profiles.active=test,mariadb");
            }
            if (datasourceUrl != null) {
                command.add("-Dspring.datasource.url=" + datasourceUrl);
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.groupalliance.Application"));
            command.addAll(List.of(args));
            File out = File.createTempFile("cmd", ".out");
            File err = File.createTempFile("cmd", ".err");
            Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(420, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the command did not end within 420 s: " + String.join(" ", args));
            }
            Run run = new Run(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
            Files.delete(out.toPath());
            Files.delete(err.toPath());
            return run;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
