package org.groupalliance.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.groupalliance.support.JarCommand;
import org.groupalliance.support.MariaDbTest;
import org.junit.jupiter.api.Test;

/** The audit chain on real MariaDB, and {@code java -jar ... audit verify} against it. */
@MariaDbTest
class AuditChainMariaDbTest extends AuditChainContract {

    @Test
    void the_command_names_the_first_broken_row_and_exits_1_then_0_when_put_back() {
        long tampered = write("command original");
        write("command after");
        jdbc.update("UPDATE audit_log SET actor = 'someone else' WHERE id = ?", tampered);
        JarCommand.Run broken;
        try {
            broken = JarCommand.run(true, "audit", "verify");
        } finally {
            jdbc.update("UPDATE audit_log SET actor = 'chain.test' WHERE id = ?", tampered);
        }
        assertThat(broken.status()).as(broken.err()).isEqualTo(1);
        assertThat(broken.out().strip()).isEqualTo("audit log broken at row " + tampered + ": its content does not match its hash (changed after it was written)");
        JarCommand.Run intact = JarCommand.run(true, "audit", "verify");
        assertThat(intact.status()).as(intact.err()).isZero();
        assertThat(intact.out()).startsWith("audit log intact: ");
    }
}
