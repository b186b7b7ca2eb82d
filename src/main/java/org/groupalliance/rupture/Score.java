package org.groupalliance.rupture;

import java.util.List;
import java.util.Map;

/**
 * One completed form as the rules see it: the session it belongs to (0 for an outcome baseline
 * taken before the first session), its total (NaN when the scoring rule gave none, e.g. an item
 * missing), the item responses by item number - 1 (NaN = missing) and subscale scores.
 */
public record Score(int session, double total, List<Double> items, Map<String, Double> subscales) {
    public Score {
        items = List.copyOf(items);
        subscales = Map.copyOf(subscales);
    }

    public static Score of(int session, double total, double... items) {
        return new Score(session, total, java.util.Arrays.stream(items).boxed().toList(), Map.of());
    }

    /** "session 6", or "baseline" for session 0. */
    String when() {
        return session == 0 ? "baseline" : "session " + session;
    }
}
