package org.groupalliance.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.groupalliance.support.CleanDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 13 item 5 on an external database with the production default ({@code auto}): no demo
 * data or demo accounts, and the first admin's password goes to an owner-only file, not the console.
 */
@SpringBootTest(properties = {"groupalliance.demo-data.enabled=auto",
        "groupalliance.first-run.credentials-file=target/safe-defaults/first-run-credentials.txt"})
@ActiveProfiles({"test", "mariadb"})
@Import(CleanDatabase.class)
@ExtendWith(OutputCaptureExtension.class)
class SafeDefaultsMariaDbTest {

    static final Path FILE = Path.of("target/safe-defaults/first-run-credentials.txt");

    static {
        try {
            Files.deleteIfExists(FILE);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired UserService users;

    @Test
    void an_external_database_gets_no_demo_and_the_first_password_only_in_an_owner_only_file(CapturedOutput output) throws Exception {
        assertThat(SystemActor.call(() -> users.findAll())).extracting(AppUser::username)
                .contains("admin").doesNotContain("anna.leader", "ben.leader", "rita.research", "olga.observer");
        assertThat(FILE).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(FILE))).isEqualTo("rw-------");
        Matcher m = Pattern.compile("admin / (\\S+)").matcher(Files.readString(FILE));
        assertThat(m.find()).isTrue();
        String password = m.group(1);
        assertThat(output.getAll()).doesNotContain(password).contains(FILE.toAbsolutePath().toString());
    }
}
