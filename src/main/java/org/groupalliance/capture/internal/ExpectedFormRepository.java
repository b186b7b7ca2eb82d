package org.groupalliance.capture.internal;

import static org.groupalliance.jooq.Tables.ATTENDANCE;
import static org.groupalliance.jooq.Tables.EXPECTED_FORM;
import static org.groupalliance.jooq.Tables.GROUP_SESSION;
import static org.groupalliance.jooq.Tables.RATING;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.groupalliance.base.GroupId;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The planned forms of a group ({@code expected_form}), and what they are derived from and counted
 * against, each in one set-based query per group: the recorded attendance of all its sessions and
 * the keys of all its stored ratings.
 */
@Repository
public class ExpectedFormRepository {

    /** One planned form; ids null where the column is NULL (rater member of a leader or observer form, targets by kind). */
    public record Row(long sessionId, String instrumentCode, String raterKind, Long raterMemberId, String targetKind, Long targetMemberId,
                      Long targetSubgroupId, String formKey) {
        /** The key a rating that fulfils this form has (the table's checks leave exactly the ids its kinds name non-null). */
        public Key key() {
            return new Key(sessionId, instrumentCode, raterKind, raterMemberId, targetKind, targetMemberId, targetSubgroupId);
        }
    }

    /** Session, instrument, rater kind, rater member (members' own forms only), target kind and the target's member or subgroup. */
    public record Key(long sessionId, String instrumentCode, String raterKind, Long raterMemberId, String targetKind, Long targetMemberId,
                      Long targetSubgroupId) {
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

    /**
     * The stored forms of a group's sessions as planned-form keys: who rated (the member's id only for
     * a member's own form: a leader's or observer's form may come from any leader or observer) and
     * whom (the member or subgroup the target kind names). A rating fulfils a planned form exactly
     * when their keys are equal ({@link Row#key()}).
     */
    public List<Key> ratingKeys(GroupId group) {
        return dsl.select(RATING.SESSION_ID, RATING.INSTRUMENT_CODE, RATING.RATER_KIND, RATING.RATER_MEMBER_ID, RATING.TARGET_KIND,
                        RATING.TARGET_MEMBER_ID, RATING.TARGET_SUBGROUP_ID)
                .from(RATING).where(RATING.GROUP_ID.eq(group.value()))
                .fetch(r -> new Key(r.value1(), r.value2(), r.value3(), r.value3().equals("MEMBER") ? r.value4() : null, r.value5(),
                        r.value5().equals("MEMBER") ? r.value6() : null, r.value5().equals("SUBGROUP") ? r.value7() : null));
    }

    /**
     * The recorded attendance of every session of a group in one query: session id to member id to
     * status name (sessions without attendance taken are absent).
     */
    public Map<Long, Map<Long, String>> attendance(GroupId group) {
        Map<Long, Map<Long, String>> out = new HashMap<>();
        dsl.select(ATTENDANCE.SESSION_ID, ATTENDANCE.MEMBER_ID, ATTENDANCE.STATUS).from(ATTENDANCE).join(GROUP_SESSION)
                .on(GROUP_SESSION.ID.eq(ATTENDANCE.SESSION_ID)).where(GROUP_SESSION.GROUP_ID.eq(group.value()))
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new HashMap<>()).put(r.value2(), r.value3()));
        return out;
    }
}
