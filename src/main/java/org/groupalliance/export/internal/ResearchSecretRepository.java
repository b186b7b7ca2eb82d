package org.groupalliance.export.internal;

import static org.groupalliance.jooq.Tables.RESEARCH_SECRET;

import java.util.Optional;

import org.groupalliance.base.Times;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The single row of {@code research_secret}. */
@Repository
public class ResearchSecretRepository {

    private final DSLContext dsl;
    private final java.time.Clock clock;

    ResearchSecretRepository(DSLContext dsl, java.time.Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public Optional<String> find() {
        return dsl.select(RESEARCH_SECRET.SECRET_HEX).from(RESEARCH_SECRET).where(RESEARCH_SECRET.ID.eq(1)).fetchOptional(RESEARCH_SECRET.SECRET_HEX);
    }

    /** Inserts the secret unless one exists (a concurrent first start loses quietly and reads the winner's). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void insertIfAbsent(String secretHex) {
        dsl.insertInto(RESEARCH_SECRET).set(RESEARCH_SECRET.ID, 1).set(RESEARCH_SECRET.SECRET_HEX, secretHex)
                .set(RESEARCH_SECRET.CREATED_AT, Times.nowUtc(clock)).onDuplicateKeyIgnore().execute();
    }
}
