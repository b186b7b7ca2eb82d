package org.groupalliance.export;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.groupalliance.export.internal.ResearchSecretRepository;
import org.groupalliance.security.AuditAction;
import org.groupalliance.security.AuditLog;
import org.groupalliance.security.SystemActor;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * This installation's {@link Pseudonymiser}. Its 256-bit secret is created on the first start
 * (a {@link SecureRandom} value stored in {@code research_secret}, never exported, never shown) and
 * read from there on; see docs/decisions/0008-pseudonymisation.md for why the database and what
 * losing it means.
 */
@Service
@Order(5)
public class ResearchIds implements ApplicationRunner {

    private final ResearchSecretRepository secrets;
    private final AuditLog audit;
    private volatile Pseudonymiser pseudonymiser;

    ResearchIds(ResearchSecretRepository secrets, AuditLog audit) {
        this.secrets = secrets;
        this.audit = audit;
    }

    /** Creates the secret on the first start, so it exists before any export. */
    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        pseudonymiser();
    }

    @Transactional
    public Pseudonymiser pseudonymiser() {
        Pseudonymiser p = pseudonymiser;
        if (p != null) {
            return p;
        }
        synchronized (this) {
            if (pseudonymiser == null) {
                String hex = secrets.find().orElseGet(() -> {
                    byte[] secret = new byte[32];
                    new SecureRandom().nextBytes(secret);
                    secrets.insertIfAbsent(HexFormat.of().formatHex(secret));
                    SystemActor.run(() -> audit.record(AuditAction.CREATE, "ResearchSecret", 1, null,
                            "Created this installation's research-id secret (research ids start anew)", null, null));
                    return secrets.find().orElseThrow();
                });
                pseudonymiser = new Pseudonymiser(HexFormat.of().parseHex(hex));
            }
            return pseudonymiser;
        }
    }
}
