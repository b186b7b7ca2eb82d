package org.groupalliance.capture;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.base.UserId;
import org.groupalliance.measure.InstrumentDefinition.Rater;

/**
 * A stored rating: which instrument version, who rated (a member, or a leader/observer account),
 * about whom, the item responses (NaN = missing or not applicable; {@code notApplicable} names the
 * items that do not apply), the scores computed when it was saved (subscales in the definition's
 * order), and where it came from ({@code source}, kept through edits; {@code enteredBy} is whoever
 * saved it last).
 */
public record Rating(long id, SessionId sessionId, String instrumentCode, int instrumentVersion, Rater raterKind, MemberId raterMember,
                     UserId raterUser, RatingTarget target, List<Double> responses, Set<Integer> notApplicable, double total,
                     Map<String, Double> subscales, int missingItems, Source source, String enteredBy, int version) {

    /** Where a rating came from: a member on their own device, a member's paper form entered by a leader, a leader's or an observer's own rating. */
    public enum Source { MEMBER_DEVICE, PAPER, LEADER, OBSERVER }

    public Rating {
        responses = List.copyOf(responses);
        notApplicable = Set.copyOf(notApplicable);
        subscales = Collections.unmodifiableMap(new LinkedHashMap<>(subscales));
    }
}
