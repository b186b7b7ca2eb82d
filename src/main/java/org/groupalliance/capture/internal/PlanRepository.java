package org.groupalliance.capture.internal;

import static org.groupalliance.jooq.Tables.PLAN_ENTRY;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.groupalliance.base.GroupId;
import org.groupalliance.capture.PlanEntryData;
import org.groupalliance.capture.Schedule;
import org.groupalliance.jooq.tables.records.PlanEntryRecord;
import org.groupalliance.measure.InstrumentDefinition.Rater;
import org.groupalliance.roster.Phase;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Plan entries; lists are stored as comma-separated text (small, never queried inside). */
@Repository
public class PlanRepository {

    /** A row: id, group, version, data. */
    public record Row(long id, GroupId groupId, int version, PlanEntryData data) {
    }

    private final DSLContext dsl;

    PlanRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<Row> findByGroup(GroupId group) {
        return dsl.selectFrom(PLAN_ENTRY).where(PLAN_ENTRY.GROUP_ID.eq(group.value())).orderBy(PLAN_ENTRY.INSTRUMENT_CODE).fetch(PlanRepository::toRow);
    }

    public Optional<Row> find(GroupId group, String code) {
        return dsl.selectFrom(PLAN_ENTRY).where(PLAN_ENTRY.GROUP_ID.eq(group.value()).and(PLAN_ENTRY.INSTRUMENT_CODE.eq(code)))
                .fetchOptional().map(PlanRepository::toRow);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void insert(GroupId group, PlanEntryData d) {
        dsl.insertInto(PLAN_ENTRY).set(PLAN_ENTRY.GROUP_ID, group.value()).set(PLAN_ENTRY.INSTRUMENT_CODE, d.instrumentCode())
                .set(columns(d)).set(PLAN_ENTRY.VERSION, 0).execute();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public boolean update(GroupId group, int expectedVersion, PlanEntryData d) {
        return dsl.update(PLAN_ENTRY).set(columns(d)).set(PLAN_ENTRY.VERSION, PLAN_ENTRY.VERSION.plus(1))
                .where(PLAN_ENTRY.GROUP_ID.eq(group.value()).and(PLAN_ENTRY.INSTRUMENT_CODE.eq(d.instrumentCode()))
                        .and(PLAN_ENTRY.VERSION.eq(expectedVersion)))
                .execute() == 1;
    }

    /** The editable columns of an entry, shared by insert and update. */
    private static java.util.Map<org.jooq.Field<?>, Object> columns(PlanEntryData d) {
        java.util.Map<org.jooq.Field<?>, Object> m = new java.util.LinkedHashMap<>();
        m.put(PLAN_ENTRY.RATERS, join(d.raters().stream().sorted().map(Enum::name).toList()));
        m.put(PLAN_ENTRY.SCHEDULE_KIND, d.schedule().kind().name());
        m.put(PLAN_ENTRY.EVERY_K, d.schedule().everyK());
        m.put(PLAN_ENTRY.SESSION_LIST, join(d.schedule().sessions().stream().map(String::valueOf).toList()));
        m.put(PLAN_ENTRY.PHASE_LIST, join(d.schedule().phases().stream().sorted().map(Enum::name).toList()));
        m.put(PLAN_ENTRY.AT_BASELINE, d.atBaseline());
        m.put(PLAN_ENTRY.AT_POST, d.atPost());
        m.put(PLAN_ENTRY.FOLLOW_UP_WEEKS, join(d.followUpWeeks().stream().map(String::valueOf).toList()));
        return m;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public boolean delete(GroupId group, String code, int expectedVersion) {
        return dsl.deleteFrom(PLAN_ENTRY).where(PLAN_ENTRY.GROUP_ID.eq(group.value()).and(PLAN_ENTRY.INSTRUMENT_CODE.eq(code))
                .and(PLAN_ENTRY.VERSION.eq(expectedVersion))).execute() == 1;
    }

    private static String join(List<String> parts) {
        return parts.isEmpty() ? null : String.join(",", parts);
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.split(","));
    }

    private static Row toRow(PlanEntryRecord r) {
        var raters = split(r.getRaters()).stream().map(Rater::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Rater.class)));
        var phases = split(r.getPhaseList()).stream().map(Phase::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Phase.class)));
        Schedule schedule = new Schedule(Schedule.Kind.valueOf(r.getScheduleKind()), r.getEveryK(),
                split(r.getSessionList()).stream().map(Integer::valueOf).toList(), phases);
        return new Row(r.getId(), new GroupId(r.getGroupId()), r.getVersion(), new PlanEntryData(r.getInstrumentCode(), raters, schedule,
                r.getAtBaseline(), r.getAtPost(), split(r.getFollowUpWeeks()).stream().map(Integer::valueOf).toList()));
    }
}
