package org.groupalliance.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.ValidationException;
import org.groupalliance.base.cli.CliArgs;
import org.groupalliance.base.cli.CliCommand;
import org.groupalliance.security.AppUserPrincipal;
import org.groupalliance.security.OperatorActor;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar groupalliance.jar export --out DIR [--user NAME] [filters]}: the same zip as the
 * page and the API, written to DIR. Without {@code --user} the operator exports everything
 * (administrator rights); with it, that account's access rules apply (a facilitator gets only the
 * groups they lead). Audited as the operator or, with {@code --user}, as that account "via command
 * line by operator:...".
 */
@Component
class ExportCommand implements CliCommand {

    static final String USAGE = """
            usage: export --out DIR [--user NAME] [--sites S..,S..] [--groups G..,G..] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--instruments CODE,CODE]
              Writes DIR/groupalliance-export-<UTC time>.zip: the research export (pseudonymised) with README.md.
              --user      export with this account's access (default: the operator, all groups)
              --sites     site research ids; --groups group research ids (as on the Export page); default all
              --from/--to sessions dated within (inclusive); --instruments instrument codes; default all
              Exit status: 0 written, 2 bad options or no access.
            """;

    private final ExportService exports;
    private final UserDetailsService users;

    ExportCommand(ExportService exports, UserDetailsService users) {
        this.exports = exports;
        this.users = users;
    }

    @Override
    public String name() {
        return "export";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (CliCommand.isHelp(args)) {
            out.print(USAGE);
            return 0;
        }
        try {
            CliArgs opts = CliArgs.parse(args, Set.of("out", "user", "sites", "groups", "from", "to", "instruments"), Set.of());
            Path dir = Path.of(opts.require("out"));
            Map<String, String> filterValues = new LinkedHashMap<>();
            for (String name : ExportFilter.PARAMETERS) {
                opts.get(name).ifPresent(v -> filterValues.put(name, v));
            }
            ExportFilter filter = ExportFilter.parse(filterValues);
            AppUserPrincipal who = opts.get("user").map(this::account).orElse(OperatorActor.principal());
            String channel = "command line" + (opts.get("user").isPresent() ? " by " + OperatorActor.name() : "");
            Files.createDirectories(dir);
            Path file = dir.resolve("groupalliance-export-" + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".zip");
            ExportCounts counts = OperatorActor.as(who, () -> exports.count(filter));
            try (OutputStream o = Files.newOutputStream(file)) {
                OperatorActor.as(who, () -> {
                    exports.writeZip(filter, o, channel);
                    return null;
                });
            }
            out.println(file);
            err.println("export: " + counts.groups() + " groups, " + counts.members() + " members, " + counts.sessions() + " sessions, "
                    + counts.ratings() + " ratings, " + counts.outcomeForms() + " outcome forms");
            return 0;
        } catch (IllegalArgumentException | ValidationException e) {
            err.println("export: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (AccessDeniedException e) {
            err.println("export: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("export: cannot write: " + e.getMessage());
            return 1;
        }
    }

    private AppUserPrincipal account(String username) {
        try {
            AppUserPrincipal p = (AppUserPrincipal) users.loadUserByUsername(username);
            if (!p.enabled()) {
                throw new IllegalArgumentException("account '" + username + "' is disabled");
            }
            return p;
        } catch (UsernameNotFoundException e) {
            throw new IllegalArgumentException("no account named '" + username + "'");
        }
    }
}
