package org.groupalliance.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.groupalliance.support.JarCommand;
import org.junit.jupiter.api.Test;

/**
 * Starting the application (its real {@code main}, in a fresh JVM) with a datasource that cannot be
 * reached prints one line that names the setting and the cause, no stack trace and never the password.
 */
class DatabaseStartupMessageTest {

    static final String SECRET = "Sup3r-Secret-pw-9913";

    private static void assertOneLineWithoutSecret(JarCommand.Run run, String cause) {
        String all = run.out() + run.err();
        assertThat(run.status()).as(all).isNotZero();
        List<String> named = all.lines().filter(l -> l.contains("spring.datasource")).toList();
        assertThat(named).as(all).singleElement().satisfies(line -> assertThat(line)
                .contains("Cannot connect to the database: spring.datasource.url=").contains(cause));
        assertThat(all).as("no password").doesNotContain(SECRET);
        assertThat(all.lines().filter(l -> l.strip().startsWith("at ") || l.contains("Exception in thread"))).as("no stack trace: " + all).isEmpty();
    }

    @Test
    void a_wrong_password_gives_one_line_naming_the_settings() {
        String url = System.getenv().getOrDefault("GA_TEST_DB_URL", "jdbc:mysql://127.0.0.1:3306/groupalliance_test?createDatabaseIfNotExist=true");
        JarCommand.Run run = JarCommand.run(false, "--spring.datasource.url=" + url, "--spring.datasource.username=root",
                "--spring.datasource.password=" + SECRET, "--server.port=0");
        assertOneLineWithoutSecret(run, "Access denied for user 'root'");
        assertThat(run.out() + run.err()).contains("spring.datasource.username='root'");
    }

    @Test
    void an_unreachable_server_gives_one_line_with_the_cause_and_a_password_in_the_url_masked() {
        JarCommand.Run run = JarCommand.run(false, "--spring.datasource.url=jdbc:mysql://127.0.0.1:9/ga?password=" + SECRET,
                "--spring.datasource.username=ga", "--spring.datasource.password=" + SECRET, "--server.port=0");
        assertOneLineWithoutSecret(run, "Communications link failure");
        assertThat(run.out() + run.err()).contains("jdbc:mysql://127.0.0.1:9/ga?password=***");
    }
}
