package org.groupalliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.groupalliance.support.JarCommand;
import org.junit.jupiter.api.Test;

/** The jar's first word: known commands run, an unknown word is refused with the list and status 2 and never starts the server. */
class CommandsTest {

    static JarCommand.Run main(String... args) {
        return JarCommand.run(false, args);
    }

    @Test
    void an_unknown_first_word_is_refused_with_the_list_of_commands_and_status_2() {
        JarCommand.Run r = main("exprot");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("unknown command 'exprot'");
        for (Commands.Command c : Commands.COMMANDS) {
            assertThat(r.err()).contains("  " + c.name() + " ");
        }
        assertThat(r.out() + r.err()).doesNotContain("Tomcat").doesNotContain("Started Application");
    }

    @Test
    void analyze_still_runs_the_statistics_engine_without_a_database() {
        JarCommand.Run r = main("analyze", "icc", "--data", "src/test/resources/analysis/group_sessions.csv", "--value", "alliance", "--group", "group_id");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("\"n_groups\": 14");
    }

    @Test
    void help_lists_the_commands_with_status_0() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Commands.run(new String[] {"help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("analyze").contains("export").contains("token");
    }

    @Test
    void no_word_or_only_settings_start_the_web_application() {
        assertThat(Commands.startsWebApp(new String[0])).isTrue();
        assertThat(Commands.startsWebApp(new String[] {"--server.port=9090"})).isTrue();
        assertThat(Commands.startsWebApp(new String[] {"exprot"})).isFalse();
    }
}
