package org.groupalliance.rupture.internal;

import static org.groupalliance.jooq.Tables.RUPTURE_RECORD;
import static org.groupalliance.jooq.Tables.RUPTURE_STEP;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.base.SubgroupId;
import org.groupalliance.jooq.tables.records.RuptureRecordRecord;
import org.groupalliance.rupture.AlertId;
import org.groupalliance.rupture.Rupture;
import org.groupalliance.rupture.RuptureId;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Rupture records and their steps. */
@Repository
public class RuptureRepository {

    private final DSLContext dsl;

    RuptureRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<Rupture> find(RuptureId id) {
        return dsl.selectFrom(RUPTURE_RECORD).where(RUPTURE_RECORD.ID.eq(id.value())).fetchOptional()
                .map(r -> toRupture(r, steps(List.of(r.getId())).getOrDefault(r.getId(), List.of())));
    }

    public List<Rupture> findByGroups(Collection<GroupId> groups) {
        if (groups.isEmpty()) {
            return List.of();
        }
        var rows = dsl.selectFrom(RUPTURE_RECORD).where(RUPTURE_RECORD.GROUP_ID.in(groups.stream().map(GroupId::value).toList()))
                .orderBy(RUPTURE_RECORD.CREATED_AT.desc(), RUPTURE_RECORD.ID.desc()).fetch();
        Map<Long, List<Rupture.Step>> steps = steps(rows.map(RuptureRecordRecord::getId));
        return rows.map(r -> toRupture(r, steps.getOrDefault(r.getId(), List.of())));
    }

    /** Every record of every group (for pooled counts). */
    public List<Rupture> findAll() {
        var rows = dsl.selectFrom(RUPTURE_RECORD).orderBy(RUPTURE_RECORD.ID).fetch();
        Map<Long, List<Rupture.Step>> steps = steps(rows.map(RuptureRecordRecord::getId));
        return rows.map(r -> toRupture(r, steps.getOrDefault(r.getId(), List.of())));
    }

    /** The groups of a site (a researcher's scope: docs/decisions/0028). */
    public List<GroupId> groupsOfSite(org.groupalliance.base.SiteId site) {
        return dsl.select(org.groupalliance.jooq.Tables.THERAPY_GROUP.ID).from(org.groupalliance.jooq.Tables.THERAPY_GROUP)
                .where(org.groupalliance.jooq.Tables.THERAPY_GROUP.SITE_ID.eq(site.value())).orderBy(org.groupalliance.jooq.Tables.THERAPY_GROUP.ID)
                .fetch(r -> new GroupId(r.value1()));
    }

    /** Number of these groups with at least one alert or record. */
    public int countGroups(Collection<GroupId> groups) {
        if (groups.isEmpty()) {
            return 0;
        }
        List<Long> ids = groups.stream().map(GroupId::value).toList();
        return countGroupsWhere(org.groupalliance.jooq.Tables.RUPTURE_ALERT.GROUP_ID.in(ids), RUPTURE_RECORD.GROUP_ID.in(ids));
    }

    /** Number of groups with at least one alert or record. */
    public int countGroups() {
        return countGroupsWhere(org.jooq.impl.DSL.trueCondition(), org.jooq.impl.DSL.trueCondition());
    }

    private int countGroupsWhere(org.jooq.Condition alerts, org.jooq.Condition records) {
        // two plain queries: MariaDB rejects the derived column list jOOQ renders for a counted UNION
        java.util.Set<Long> ids = new java.util.HashSet<>(dsl.selectDistinct(org.groupalliance.jooq.Tables.RUPTURE_ALERT.GROUP_ID)
                .from(org.groupalliance.jooq.Tables.RUPTURE_ALERT).where(alerts).fetch(org.groupalliance.jooq.Tables.RUPTURE_ALERT.GROUP_ID));
        ids.addAll(dsl.selectDistinct(RUPTURE_RECORD.GROUP_ID).from(RUPTURE_RECORD).where(records).fetch(RUPTURE_RECORD.GROUP_ID));
        return ids.size();
    }

    private Map<Long, List<Rupture.Step>> steps(List<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return dsl.selectFrom(RUPTURE_STEP).where(RUPTURE_STEP.RECORD_ID.in(ids)).orderBy(RUPTURE_STEP.RECORD_ID, RUPTURE_STEP.STEP).fetch().stream()
                .collect(Collectors.groupingBy(s -> s.getRecordId(), Collectors.mapping(
                        s -> new Rupture.Step(s.getStep(), Boolean.TRUE.equals(s.getDone()), s.getNote(), s.getSessionNumber()), Collectors.toList())));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public RuptureId insert(Rupture r, LocalDateTime now) {
        long id = dsl.insertInto(RUPTURE_RECORD)
                .set(RUPTURE_RECORD.GROUP_ID, r.groupId().value()).set(RUPTURE_RECORD.ALERT_ID, r.alert() == null ? null : r.alert().value())
                .set(RUPTURE_RECORD.WITH_KIND, r.with().name()).set(RUPTURE_RECORD.MEMBER_ID, r.member() == null ? null : r.member().value())
                .set(RUPTURE_RECORD.SUBGROUP_ID, r.subgroup() == null ? null : r.subgroup().value()).set(RUPTURE_RECORD.MARKER, r.marker().name())
                .set(RUPTURE_RECORD.NOTICED_SESSION, r.noticedSession()).set(RUPTURE_RECORD.PLAN_NEXT, r.planNext())
                .set(RUPTURE_RECORD.PLAN_WHERE, r.planWhere() == null ? null : r.planWhere().name()).set(RUPTURE_RECORD.STATE, r.state().name())
                .set(RUPTURE_RECORD.CREATED_AT, now).set(RUPTURE_RECORD.CREATED_BY, r.createdBy()).set(RUPTURE_RECORD.UPDATED_AT, now)
                .set(RUPTURE_RECORD.VERSION, 0)
                .returningResult(RUPTURE_RECORD.ID).fetchOne().value1();
        return new RuptureId(id);
    }

    /** Replaces the record's changeable fields and its steps; @return false when it moved on since {@code version}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean update(Rupture r, int version, LocalDateTime now) {
        int n = dsl.update(RUPTURE_RECORD)
                .set(RUPTURE_RECORD.MARKER, r.marker().name()).set(RUPTURE_RECORD.PLAN_NEXT, r.planNext())
                .set(RUPTURE_RECORD.PLAN_WHERE, r.planWhere() == null ? null : r.planWhere().name()).set(RUPTURE_RECORD.STATE, r.state().name())
                .set(RUPTURE_RECORD.OUTCOME, r.outcome() == null ? null : r.outcome().name()).set(RUPTURE_RECORD.CLOSED_SESSION, r.closedSession())
                .set(RUPTURE_RECORD.UPDATED_AT, now).set(RUPTURE_RECORD.VERSION, RUPTURE_RECORD.VERSION.plus(1))
                .where(RUPTURE_RECORD.ID.eq(r.id().value()).and(RUPTURE_RECORD.VERSION.eq(version))).execute();
        if (n != 1) {
            return false;
        }
        dsl.deleteFrom(RUPTURE_STEP).where(RUPTURE_STEP.RECORD_ID.eq(r.id().value())).execute();
        for (Rupture.Step s : r.steps()) {
            if (s.done() || s.note() != null || s.session() != null) {
                dsl.insertInto(RUPTURE_STEP).set(RUPTURE_STEP.RECORD_ID, r.id().value()).set(RUPTURE_STEP.STEP, s.step()).set(RUPTURE_STEP.DONE, s.done())
                        .set(RUPTURE_STEP.NOTE, s.note()).set(RUPTURE_STEP.SESSION_NUMBER, s.session()).execute();
            }
        }
        return true;
    }

    private static Rupture toRupture(RuptureRecordRecord r, List<Rupture.Step> steps) {
        return new Rupture(new RuptureId(r.getId()), new GroupId(r.getGroupId()), r.getAlertId() == null ? null : new AlertId(r.getAlertId()),
                Rupture.With.valueOf(r.getWithKind()), r.getMemberId() == null ? null : new MemberId(r.getMemberId()),
                r.getSubgroupId() == null ? null : new SubgroupId(r.getSubgroupId()), null, Rupture.Marker.valueOf(r.getMarker()), r.getNoticedSession(),
                steps, r.getPlanNext(), r.getPlanWhere() == null ? null : Rupture.Where.valueOf(r.getPlanWhere()), Rupture.State.valueOf(r.getState()),
                r.getOutcome() == null ? null : Rupture.Outcome.valueOf(r.getOutcome()), r.getClosedSession(), r.getCreatedAt(), r.getCreatedBy(),
                r.getVersion());
    }
}
