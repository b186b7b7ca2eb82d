package org.groupalliance.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.groupalliance.base.cli.CliCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every jar command answers {@code --help}, {@code -h} and {@code help} with its usage on standard output and status 0, as the export commands do. */
class CommandHelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void token_and_audit_print_their_usage_for_each_help_word(String word) {
        // the services are not needed to print the usage: a command that reached them would fail on null
        for (CliCommand command : List.of(new TokenCommand(null), new AuditCommand(null))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = command.run(List.of(word), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(status).as(command.name() + " " + word).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as(command.name() + " " + word).startsWith("usage: " + command.name());
            assertThat(err.toString(StandardCharsets.UTF_8)).as(command.name() + " " + word).isEmpty();
        }
    }
}
