package org.groupalliance.capture;

import java.util.Set;

import org.groupalliance.base.GroupId;
import org.groupalliance.base.SessionId;
import org.groupalliance.measure.InstrumentDefinition.Rater;

/**
 * Published after the transaction that stored ratings of a session commits (leader entry, a
 * member's own phone, an observer, an import): which session and instruments, and who rated.
 * Listeners read the ratings through {@link RatingService}.
 */
public record RatingsStored(GroupId groupId, SessionId sessionId, int sessionNumber, Set<String> instrumentCodes, Set<Rater> raters) {
    public RatingsStored {
        instrumentCodes = Set.copyOf(instrumentCodes);
        raters = Set.copyOf(raters);
    }
}
