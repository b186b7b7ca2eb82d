package org.groupalliance.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows generated credentials once: they are never stored in clear. On the embedded default they
 * go to standard output (deliberately not through the logger). On an external database, where
 * standard output usually lands in shared logs, they go to a file only this OS user can read
 * ({@code groupalliance.first-run.credentials-file}), and only its path is logged.
 */
public final class FirstRunBanner {

    private static final Logger log = LoggerFactory.getLogger(FirstRunBanner.class);
    private static volatile Path file;

    private FirstRunBanner() {
    }

    /** Sends later banners to {@code target} (owner-only file), or to standard output when null. */
    static void writeTo(Path target) {
        file = target;
    }

    public static synchronized void print(String title, String... lines) {
        StringBuilder sb = new StringBuilder("\n==================== GroupAlliance ====================\n");
        sb.append(title).append('\n');
        for (String line : lines) {
            sb.append("  ").append(line).append('\n');
        }
        sb.append("Write these down now: they are shown only once. Change them under 'My password'.\n");
        sb.append("=======================================================\n");
        Path target = file;
        if (target == null) {
            System.out.println(sb);
            return;
        }
        try {
            Path abs = target.toAbsolutePath();
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            if (!Files.exists(abs)) {
                Files.createFile(abs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(abs, sb, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            log.warn("{} The credentials were written to {} (readable only by this OS user): read them, then delete the file.", title, abs);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the first-run credentials to " + target, e);
        }
    }
}
