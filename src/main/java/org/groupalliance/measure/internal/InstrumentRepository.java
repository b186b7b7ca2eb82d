package org.groupalliance.measure.internal;

import static org.groupalliance.jooq.Tables.INSTRUMENT;

import java.util.List;
import java.util.Optional;

import org.groupalliance.base.Times;
import org.groupalliance.jooq.tables.records.InstrumentRecord;
import org.groupalliance.measure.Instrument;
import org.groupalliance.measure.InstrumentJson;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Instrument versions; a definition row is inserted once and afterwards only retired or reinstated. */
@Repository
public class InstrumentRepository {

    private final DSLContext dsl;
    private final java.time.Clock clock;

    InstrumentRepository(DSLContext dsl, java.time.Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public List<Instrument> findAll() {
        return dsl.selectFrom(INSTRUMENT).orderBy(INSTRUMENT.CODE, INSTRUMENT.DEFINITION_VERSION.desc()).fetch(InstrumentRepository::toInstrument);
    }

    public Optional<Instrument> find(String code, int version) {
        return dsl.selectFrom(INSTRUMENT).where(INSTRUMENT.CODE.eq(code).and(INSTRUMENT.DEFINITION_VERSION.eq(version)))
                .fetchOptional().map(InstrumentRepository::toInstrument);
    }

    /** The highest version of a code that is not retired. */
    public Optional<Instrument> findCurrent(String code) {
        return dsl.selectFrom(INSTRUMENT).where(INSTRUMENT.CODE.eq(code).and(INSTRUMENT.RETIRED.isFalse()))
                .orderBy(INSTRUMENT.DEFINITION_VERSION.desc()).limit(1).fetchOptional().map(InstrumentRepository::toInstrument);
    }

    public Optional<Integer> latestVersion(String code) {
        return Optional.ofNullable(dsl.select(org.jooq.impl.DSL.max(INSTRUMENT.DEFINITION_VERSION)).from(INSTRUMENT)
                .where(INSTRUMENT.CODE.eq(code)).fetchOne(0, Integer.class));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void insert(Instrument i) {
        dsl.insertInto(INSTRUMENT)
                .set(INSTRUMENT.CODE, i.code())
                .set(INSTRUMENT.DEFINITION_VERSION, i.version())
                .set(INSTRUMENT.NAME, i.definition().name())
                .set(INSTRUMENT.CONSTRUCT, i.definition().construct().name())
                .set(INSTRUMENT.DEFINITION_JSON, InstrumentJson.write(i.definition()))
                .set(INSTRUMENT.BUILT_IN, i.builtIn())
                .set(INSTRUMENT.RETIRED, false)
                .set(INSTRUMENT.VERSION, 0)
                .set(INSTRUMENT.CREATED_AT, Times.nowUtc(clock))
                .set(INSTRUMENT.CREATED_BY, i.createdBy())
                .execute();
    }

    /** @return false when the row moved on since the caller loaded it */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean setRetired(String code, int version, int expectedRowVersion, boolean retired) {
        return dsl.update(INSTRUMENT).set(INSTRUMENT.RETIRED, retired).set(INSTRUMENT.VERSION, INSTRUMENT.VERSION.plus(1))
                .where(INSTRUMENT.CODE.eq(code).and(INSTRUMENT.DEFINITION_VERSION.eq(version)).and(INSTRUMENT.VERSION.eq(expectedRowVersion)))
                .execute() == 1;
    }

    /**
     * Parsed definitions by their stored JSON: a definition row is never changed once inserted, and
     * parsing and validating the JSON was a large part of every rating save's CPU (issue #13: three
     * to four parses per instrument of a sheet). Keyed by the text itself, so a different text (another
     * database, a restore) is parsed anew. Definitions are immutable records.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, org.groupalliance.measure.InstrumentDefinition> PARSED =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int PARSED_MAX = 500;

    static org.groupalliance.measure.InstrumentDefinition parsed(String json) {
        var def = PARSED.get(json);
        if (def == null) {
            def = InstrumentJson.read(json);
            if (PARSED.size() >= PARSED_MAX) {
                PARSED.clear();
            }
            PARSED.put(json, def);
        }
        return def;
    }

    private static Instrument toInstrument(InstrumentRecord r) {
        return new Instrument(parsed(r.getDefinitionJson()), r.getBuiltIn(), r.getRetired(), r.getVersion(), r.getCreatedAt(),
                r.getCreatedBy());
    }
}
