package org.groupalliance.capture;

import java.util.List;
import java.util.Map;

import org.groupalliance.base.MemberId;
import org.groupalliance.base.SessionId;
import org.groupalliance.base.UserId;
import org.groupalliance.measure.InstrumentDefinition.Rater;

/**
 * A stored rating: which instrument version, who rated (a member, or a leader/observer account),
 * about whom, the item responses (NaN = missing) and the scores computed when it was saved.
 */
public record Rating(long id, SessionId sessionId, String instrumentCode, int instrumentVersion, Rater raterKind, MemberId raterMember,
                     UserId raterUser, RatingTarget target, List<Double> responses, double total, Map<String, Double> subscales, int missingItems,
                     String enteredBy, int version) {
    public Rating {
        responses = List.copyOf(responses);
        subscales = Map.copyOf(subscales);
    }
}
