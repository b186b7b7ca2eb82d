package org.groupalliance.base.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * A command of the jar that needs the application (database, services) but not the web server:
 * {@code java -jar groupalliance.jar <name> ...}. Implementations are Spring beans; the dispatcher
 * ({@code org.groupalliance.Commands}) starts Spring without the web server, finds the bean by
 * {@link #name()} and runs it. The command itself decides on whose behalf it acts (the operator, see
 * {@code security.OperatorActor}) and audits what it does.
 */
public interface CliCommand {

    /** The first word on the command line. */
    String name();

    /**
     * Runs with the words after the name.
     *
     * @return the exit status: 0 success, 2 bad usage or refused input, 1 other failure
     */
    int run(List<String> args, PrintStream out, PrintStream err);

    /** Whether the words after the name ask for the command's usage: {@code --help}, {@code -h} or {@code help} first. */
    static boolean isHelp(List<String> args) {
        return !args.isEmpty() && (args.getFirst().equals("--help") || args.getFirst().equals("-h") || args.getFirst().equals("help"));
    }
}
