package org.groupalliance.base.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The one rule for "show the usage" shared by the jar's Spring commands (export, export-bench). */
class CliCommandHelpTest {

    @Test
    void help_words_first_ask_for_the_usage() {
        assertThat(CliCommand.isHelp(List.of("--help"))).isTrue();
        assertThat(CliCommand.isHelp(List.of("-h"))).isTrue();
        assertThat(CliCommand.isHelp(List.of("help", "--groups", "3"))).isTrue();
    }

    @Test
    void anything_else_is_not_help() {
        assertThat(CliCommand.isHelp(List.of())).isFalse();
        assertThat(CliCommand.isHelp(List.of("--groups", "3", "--help"))).isFalse();
        assertThat(CliCommand.isHelp(List.of("--out", "help"))).isFalse();
        assertThat(CliCommand.isHelp(List.of("-help"))).isFalse();
    }
}
