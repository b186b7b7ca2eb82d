package org.groupalliance.capture.internal;

import static org.groupalliance.jooq.Tables.EXPECTED_FORM;
import static org.groupalliance.jooq.Tables.RATING;

import java.util.List;

import org.groupalliance.base.GroupId;
import org.groupalliance.jooq.tables.ExpectedForm;
import org.groupalliance.jooq.tables.Rating;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The planned forms of a group ({@code expected_form}) and the counts of planned, received, missing and unplanned forms, in SQL. */
@Repository
public class ExpectedFormRepository {

    /** One planned form; ids null where the column is NULL (rater member of a leader or observer form, targets by kind). */
    public record Row(long sessionId, String instrumentCode, String raterKind, Long raterMemberId, String targetKind, Long targetMemberId,
                      Long targetSubgroupId, String formKey) {
    }

    /** Counts of a group's forms: planned, planned and received, planned and missing, received but not planned. */
    public record Counts(int planned, int received, int missing, int notPlanned) {
    }

    /** Planned and received forms of one key (a session id, or a member id). */
    public record KeyedCount(long key, int planned, int received) {
    }

    private final DSLContext dsl;

    ExpectedFormRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Replaces the group's planned forms. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void replace(GroupId group, List<Row> rows) {
        dsl.deleteFrom(EXPECTED_FORM).where(EXPECTED_FORM.GROUP_ID.eq(group.value())).execute();
        if (rows.isEmpty()) {
            return;
        }
        var insert = dsl.insertInto(EXPECTED_FORM, EXPECTED_FORM.GROUP_ID, EXPECTED_FORM.SESSION_ID, EXPECTED_FORM.INSTRUMENT_CODE,
                EXPECTED_FORM.RATER_KIND, EXPECTED_FORM.RATER_MEMBER_ID, EXPECTED_FORM.TARGET_KIND, EXPECTED_FORM.TARGET_MEMBER_ID,
                EXPECTED_FORM.TARGET_SUBGROUP_ID, EXPECTED_FORM.FORM_KEY);
        for (Row r : rows) {
            insert = insert.values(group.value(), r.sessionId(), r.instrumentCode(), r.raterKind(), r.raterMemberId(), r.targetKind(),
                    r.targetMemberId(), r.targetSubgroupId(), r.formKey());
        }
        insert.execute();
    }

    /** The group's planned forms as stored. */
    public List<Row> rows(GroupId group) {
        return dsl.select(EXPECTED_FORM.SESSION_ID, EXPECTED_FORM.INSTRUMENT_CODE, EXPECTED_FORM.RATER_KIND, EXPECTED_FORM.RATER_MEMBER_ID,
                        EXPECTED_FORM.TARGET_KIND, EXPECTED_FORM.TARGET_MEMBER_ID, EXPECTED_FORM.TARGET_SUBGROUP_ID, EXPECTED_FORM.FORM_KEY)
                .from(EXPECTED_FORM).where(EXPECTED_FORM.GROUP_ID.eq(group.value()))
                .fetch(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(), r.value8()));
    }

    public Counts counts(GroupId group) {
        ExpectedForm e = EXPECTED_FORM.as("e");
        Rating r = RATING.as("r");
        int planned = dsl.fetchCount(e, e.GROUP_ID.eq(group.value()));
        int received = dsl.fetchCount(e, e.GROUP_ID.eq(group.value()).and(DSL.exists(DSL.selectOne().from(r).where(matches(e, r)))));
        int notPlanned = dsl.fetchCount(r, r.GROUP_ID.eq(group.value()).and(DSL.notExists(DSL.selectOne().from(e).where(matches(e, r)))));
        return new Counts(planned, received, planned - received, notPlanned);
    }

    /** Planned and received forms of a group per session, sessions with no planned form left out. */
    public List<KeyedCount> countsBySession(GroupId group) {
        ExpectedForm e = EXPECTED_FORM.as("e");
        return grouped(group, e, e.SESSION_ID, DSL.noCondition());
    }

    /**
     * Planned and received forms of a group per member: with {@code asRater} the forms the member
     * completes, otherwise the forms leaders and observers complete about the member.
     */
    public List<KeyedCount> countsByMember(GroupId group, boolean asRater) {
        ExpectedForm e = EXPECTED_FORM.as("e");
        org.jooq.Field<Long> key = asRater ? e.RATER_MEMBER_ID : e.TARGET_MEMBER_ID;
        return grouped(group, e, key, asRater ? e.RATER_KIND.eq("MEMBER") : e.RATER_KIND.in("LEADER", "OBSERVER").and(key.isNotNull()));
    }

    private List<KeyedCount> grouped(GroupId group, ExpectedForm e, org.jooq.Field<Long> key, Condition where) {
        Rating r = RATING.as("r");
        org.jooq.Field<Integer> planned = DSL.count();
        org.jooq.Field<Integer> received = DSL.count(DSL.when(DSL.exists(DSL.selectOne().from(r).where(matches(e, r))), DSL.inline(1)));
        return dsl.select(key, planned, received).from(e).where(e.GROUP_ID.eq(group.value()).and(where)).groupBy(key).orderBy(key)
                .fetch(rec -> new KeyedCount(rec.value1(), rec.value2(), rec.value3()));
    }

    /**
     * A rating fulfils a planned form: same session, instrument, rater kind, the named rater member (a
     * leader's or observer's form may come from any leader or observer) and the same target.
     */
    static Condition matches(ExpectedForm e, Rating r) {
        return r.SESSION_ID.eq(e.SESSION_ID).and(r.INSTRUMENT_CODE.eq(e.INSTRUMENT_CODE)).and(r.RATER_KIND.eq(e.RATER_KIND))
                .and(e.RATER_MEMBER_ID.isNull().or(r.RATER_MEMBER_ID.eq(e.RATER_MEMBER_ID)))
                .and(r.TARGET_KIND.eq(e.TARGET_KIND))
                .and(e.TARGET_MEMBER_ID.isNull().or(r.TARGET_MEMBER_ID.eq(e.TARGET_MEMBER_ID)))
                .and(e.TARGET_SUBGROUP_ID.isNull().or(r.TARGET_SUBGROUP_ID.eq(e.TARGET_SUBGROUP_ID)));
    }
}
