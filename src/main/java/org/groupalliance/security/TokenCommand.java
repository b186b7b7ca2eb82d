package org.groupalliance.security;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

import org.groupalliance.base.ValidationException;
import org.groupalliance.base.cli.CliArgs;
import org.groupalliance.base.cli.CliCommand;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar groupalliance.jar token create --user NAME --expires-in 8h [--label TEXT]}: the
 * server operator makes a read-only personal access token for an account and sees it once on
 * standard output (nothing else is printed there, so a script can capture it). Audited as the operator.
 */
@Component
class TokenCommand implements CliCommand {

    static final String USAGE = """
            usage: token create --user NAME --expires-in DURATION [--label TEXT]
              Creates a read-only personal access token for the account NAME, valid for DURATION
              (e.g. 8h, 30d; 1 hour to 366 days), prints it once on standard output and stores
              only its SHA-256. Audited as operator:<os user>. The token is used as
              'Authorization: Bearer <token>' on /api/v1 (e.g. GET /api/v1/export).
            """;

    private final ApiTokenService tokens;

    TokenCommand(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "token";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (CliCommand.isHelp(args)) {
            out.print(USAGE);
            return 0;
        }
        if (args.isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        if (!args.getFirst().equals("create")) {
            err.println("token: unknown subcommand '" + args.getFirst() + "'");
            err.print(USAGE);
            return 2;
        }
        try {
            CliArgs opts = CliArgs.parse(args.subList(1, args.size()), Set.of("user", "expires-in", "label"), Set.of());
            String user = opts.require("user");
            var validity = ApiTokenService.parseValidity(opts.require("expires-in"));
            CreatedToken created = OperatorActor.call(() -> tokens.createFor(user, opts.get("label").orElse("command line"), validity));
            out.println(created.token());
            err.println("token for " + user + " (read-only), expires " + created.info().expiresAt() + " UTC; shown only this once");
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("token: " + e.getMessage());
            return 2;
        } catch (ValidationException e) {
            err.println("token: " + e.getMessage());
            return 2;
        }
    }
}
