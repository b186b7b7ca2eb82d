package org.groupalliance.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Safe defaults that depend on the database: on an embedded H2 file database its folder and files
 * are made readable by this OS user only (H2 creates them world-readable); on any other database the
 * first-run credentials go to an owner-only file instead of standard output.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class FirstRunSafety implements org.springframework.boot.ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstRunSafety.class);

    private final String url;

    FirstRunSafety(@Value("${spring.datasource.url:}") String url,
                   @Value("${groupalliance.first-run.credentials-file:./groupalliance-first-run-credentials.txt}") String credentialsFile) {
        this.url = url;
        FirstRunBanner.writeTo(isEmbedded(url) ? null : Path.of(credentialsFile));
    }

    /** Runs before the first-run admin and the demo data, once the database files exist. */
    @Override
    public void run(org.springframework.boot.ApplicationArguments args) {
        if (isEmbedded(url)) {
            h2Folder(url).ifPresent(FirstRunSafety::ownerOnly);
        }
    }

    static boolean isEmbedded(String url) {
        return url != null && url.startsWith("jdbc:h2:");
    }

    private static java.util.Optional<Path> h2Folder(String url) {
        if (!url.startsWith("jdbc:h2:file:")) {
            return java.util.Optional.empty();
        }
        String path = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
        Path parent = Path.of(path).toAbsolutePath().getParent();
        return java.util.Optional.ofNullable(parent);
    }

    private static void ownerOnly(Path folder) {
        try {
            if (!Files.isDirectory(folder)) {
                return;
            }
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("Could not make the embedded database folder {} owner-only: {}", folder, e.getMessage());
        }
    }
}
