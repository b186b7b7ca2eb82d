package org.groupalliance.insight;

import static org.groupalliance.jooq.Tables.RATING;
import static org.groupalliance.jooq.Tables.RATING_ITEM;
import static org.groupalliance.jooq.Tables.RATING_SCORE;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.MemberId;
import org.groupalliance.capture.ApplicableItems;
import org.groupalliance.measure.InstrumentDefinition;
import org.groupalliance.roster.GroupSession;
import org.jooq.DSLContext;

/**
 * Benchmark set-up only (test sources): stores members' session forms in a few multi-row inserts
 * instead of one {@code RatingService} save per sheet, writing what the service writes for a paper
 * form (docs/data-model.md): the rating row with the key {@code session|code|M<member>|M<member>},
 * the instrument's current version and the scores its definition computes
 * ({@link InstrumentDefinition#score(double[], Set)}, subgroup items not applicable to a member in
 * no subgroup), one {@code rating_item} row per item and one {@code rating_score} row per subscale.
 * Neither audited nor evaluated for rupture rules: synthetic data in a test database, for timing
 * reads. {@link InsightBenchmarkMariaDb} checks that the rows read back through the service equal
 * the service's own.
 */
final class BulkRatings {

    /** One member's form at a session (the member must be expected there, and the instrument planned). */
    record Form(GroupSession session, InstrumentDefinition definition, MemberId member, double[] responses) {
    }

    private static final int CHUNK = 500;

    private final DSLContext dsl;

    BulkRatings(DSLContext dsl) {
        this.dsl = dsl;
    }

    void insertMemberForms(GroupId group, List<Form> forms, String enteredBy) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        List<InstrumentDefinition.Scores> scores = new ArrayList<>();
        List<Set<Integer>> notApplicable = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Form f : forms) {
            Set<Integer> na = ApplicableItems.notApplicable(f.definition(), f.session().number(), f.member(), List.of());
            notApplicable.add(na);
            scores.add(f.definition().score(f.responses(), na));
            keys.add(f.session().id().value() + "|" + f.definition().code() + "|M" + f.member().value() + "|M" + f.member().value());
        }
        for (int from = 0; from < forms.size(); from += CHUNK) {
            var insert = dsl.insertInto(RATING, RATING.GROUP_ID, RATING.SESSION_ID, RATING.INSTRUMENT_CODE, RATING.INSTRUMENT_VERSION, RATING.RATER_KIND,
                    RATING.RATER_MEMBER_ID, RATING.TARGET_KIND, RATING.TARGET_MEMBER_ID, RATING.RATING_KEY, RATING.TOTAL_SCORE, RATING.MISSING_ITEMS,
                    RATING.SOURCE, RATING.ENTERED_BY, RATING.VERSION, RATING.CREATED_AT, RATING.UPDATED_AT);
            for (int i = from; i < Math.min(forms.size(), from + CHUNK); i++) {
                Form f = forms.get(i);
                InstrumentDefinition.Scores s = scores.get(i);
                insert = insert.values(group.value(), f.session().id().value(), f.definition().code(), f.definition().version(), "MEMBER",
                        f.member().value(), "MEMBER", f.member().value(), keys.get(i), finite(s.total()), s.missingItems(), "PAPER", enteredBy, 0, now,
                        now);
            }
            insert.execute();
        }
        Map<String, Long> ids = dsl.select(RATING.RATING_KEY, RATING.ID).from(RATING).where(RATING.GROUP_ID.eq(group.value()))
                .fetchMap(RATING.RATING_KEY, RATING.ID);
        var items = dsl.insertInto(RATING_ITEM, RATING_ITEM.RATING_ID, RATING_ITEM.ITEM_NUMBER, RATING_ITEM.ANSWER, RATING_ITEM.ITEM_VALUE);
        var subscales = dsl.insertInto(RATING_SCORE, RATING_SCORE.RATING_ID, RATING_SCORE.SCALE_POSITION, RATING_SCORE.SCALE_NAME, RATING_SCORE.SCORE);
        int itemRows = 0;
        int scoreRows = 0;
        for (int i = 0; i < forms.size(); i++) {
            long id = ids.get(keys.get(i));
            double[] r = forms.get(i).responses();
            for (int k = 0; k < r.length; k++) {
                int number = k + 1;
                items = items.values(id, number, notApplicable.get(i).contains(number) ? "NOT_APPLICABLE" : Double.isNaN(r[k]) ? "MISSING" : "ANSWERED",
                        Double.isNaN(r[k]) ? null : r[k]);
                if (++itemRows % CHUNK == 0) {
                    items.execute();
                    items = dsl.insertInto(RATING_ITEM, RATING_ITEM.RATING_ID, RATING_ITEM.ITEM_NUMBER, RATING_ITEM.ANSWER, RATING_ITEM.ITEM_VALUE);
                }
            }
            int position = 1;
            for (var e : scores.get(i).subscales().entrySet()) {
                subscales = subscales.values(id, position++, e.getKey(), finite(e.getValue()));
                if (++scoreRows % CHUNK == 0) {
                    subscales.execute();
                    subscales = dsl.insertInto(RATING_SCORE, RATING_SCORE.RATING_ID, RATING_SCORE.SCALE_POSITION, RATING_SCORE.SCALE_NAME,
                            RATING_SCORE.SCORE);
                }
            }
        }
        if (itemRows % CHUNK != 0) {
            items.execute();
        }
        if (scoreRows % CHUNK != 0) {
            subscales.execute();
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
