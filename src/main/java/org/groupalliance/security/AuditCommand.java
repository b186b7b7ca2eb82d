package org.groupalliance.security;

import java.io.PrintStream;
import java.util.List;

import org.groupalliance.base.cli.CliCommand;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar groupalliance.jar audit verify}: checks the audit log's hash chain and prints one
 * line, the first broken row's id and why, or that it is intact with the head hash (worth keeping
 * elsewhere). Exit status 0 intact, 1 broken, 2 usage. Runs as the operator (read only, not audited).
 */
@Component
class AuditCommand implements CliCommand {

    static final String USAGE = """
            usage: audit verify
              Checks the audit log's hash chain row by row (SHA-256 over each row's content and the
              previous row's hash). Prints 'audit log intact: N rows, head HASH' and exits 0, or
              'audit log broken at row ID: REASON' and exits 1.
            """;

    private final AuditChain chain;

    AuditCommand(AuditChain chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() == 1 && CliCommand.isHelp(args)) {
            out.print(USAGE);
            return 0;
        }
        if (args.size() != 1 || !args.getFirst().equals("verify")) {
            err.println(args.isEmpty() ? "audit: which subcommand?" : "audit: unknown subcommand '" + String.join(" ", args) + "'");
            err.print(USAGE);
            return 2;
        }
        AuditChain.Verification v = OperatorActor.call(chain::verify);
        out.println(v.describe());
        return v.intact() ? 0 : 1;
    }
}
