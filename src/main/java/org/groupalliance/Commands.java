package org.groupalliance;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.groupalliance.analysis.cli.Analyze;
import org.groupalliance.base.cli.CliCommand;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The jar's first word. No word (or only {@code --spring...} options) starts the web application;
 * a known command runs and exits; anything else is refused with the list of commands and status 2,
 * so a typo ({@code exprot}) never starts a server by accident.
 *
 * <p>To add a command: one line in {@link #COMMANDS}; a {@link Kind#SPRING} command is a
 * {@link CliCommand} bean of the same name.
 */
public final class Commands {

    /** How a command runs. */
    public enum Kind {
        /** without Spring or a database (the statistics engine) */
        PLAIN,
        /** in the application without its web server: same datasource settings, services and audit log */
        SPRING
    }

    /** One command: its first word, a one-line summary for the list, and how it runs. */
    public record Command(String name, String summary, Kind kind) {
    }

    /** Every command of the jar, in the order the list shows them. */
    public static final List<Command> COMMANDS = List.of(
            new Command("analyze", "statistics on a CSV file, no database (analyze --help)", Kind.PLAIN),
            new Command("export", "research export into a folder: export --out DIR [--user NAME] [--groups ...] (export --help)", Kind.SPRING),
            new Command("export-bench", "export benchmark on a new synthetic site; use a throwaway database (export-bench --help)", Kind.SPRING),
            new Command("token", "personal access tokens: token create --user NAME --expires-in 8h (token --help)", Kind.SPRING),
            new Command("audit", "audit log hash chain: audit verify (exit 0 intact, 1 broken; audit --help)", Kind.SPRING));

    private Commands() {
    }

    /** Whether these arguments start the web application (no command word). */
    public static boolean startsWebApp(String[] args) {
        return args.length == 0 || args[0].startsWith("--");
    }

    public static Optional<Command> find(String name) {
        return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The list printed for an unknown command or {@code help}. */
    public static String usage() {
        StringBuilder sb = new StringBuilder("usage: java -jar groupalliance.jar [command]\n"
                + "  (no command)  start the web application\n");
        for (Command c : COMMANDS) {
            sb.append(String.format("  %-12s  %s%n", c.name(), c.summary()));
        }
        return sb.toString();
    }

    /** Runs a command (never the web application); returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String word = args[0];
        if (word.equals("help") || word.equals("-h") || word.equals("--help")) {
            out.print(usage());
            return 0;
        }
        Optional<Command> command = find(word);
        if (command.isEmpty()) {
            err.println("unknown command '" + word + "'");
            err.print(usage());
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (command.get().kind()) {
            case PLAIN -> Analyze.run(rest, out, err);
            case SPRING -> runInSpring(word, List.of(rest), out, err);
        };
    }

    private static int runInSpring(String name, List<String> args, PrintStream out, PrintStream err) {
        SpringApplication app = new SpringApplication(Application.class);
        // a servlet context (Vaadin's and Spring Security's configuration expect one) but no HTTP
        // listener: server.port=-1 creates no connector, so nothing is served
        app.setWebApplicationType(WebApplicationType.SERVLET);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setDefaultProperties(Map.of("logging.level.root", "warn", "groupalliance.cli", "true"));

        // standard output belongs to the command (a token, a file name: scripts capture it); the
        // application's log lines go to standard error while it runs
        PrintStream stdout = System.out;
        System.setOut(System.err);
        try (ConfigurableApplicationContext context = app.run("--server.port=-1")) {
            CliCommand command = context.getBeansOfType(CliCommand.class).values().stream()
                    .filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no CliCommand bean named " + name));
            return command.run(args, out, err);
        } catch (org.groupalliance.base.DatabaseUnavailableException e) {
            return 1; // already reported in one line by base.DatabaseFailureReporter
        } catch (RuntimeException e) {
            err.println(name + ": failed: " + e.getMessage());
            return 1;
        } finally {
            System.setOut(stdout);
        }
    }
}
