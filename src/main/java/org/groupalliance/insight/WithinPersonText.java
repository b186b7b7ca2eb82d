package org.groupalliance.insight;

import java.util.Locale;

import org.groupalliance.insight.Association.Correlation;
import org.groupalliance.insight.Association.WithinPerson;

/**
 * The within-person correlation of a member's session alliance with their next session's outcome,
 * each series' linear session trend removed (the partial r controlling for the session number,
 * {@code AssociationStatistics.withinPerson}), in words: "r = +0.17 (95 % CI −0.67 to +0.82), n = 7 pairs";
 * "fewer than 6 pairs (n = 5)" below 6 pairs; with enough pairs but no r, the statistics' own reason
 * ("no variation to correlate (n = 7 pairs)"). Used by the members table and member page (insight/ui) and the PDF
 * report's members table (insight/pdf), so screen and paper say the same.
 */
public final class WithinPersonText {

    public static final int MIN_PAIRS = 6;

    private WithinPersonText() {
    }

    /**
     * The cell text; null (no member in the map) counts as no pair. Below {@value #MIN_PAIRS} pairs
     * "fewer than 6 pairs (n = 5)"; with enough pairs but no r, the statistics' own reason and n,
     * e.g. "no variation to correlate (n = 7 pairs)" (never "fewer than 6 pairs" then).
     */
    public static String cell(WithinPerson w) {
        Correlation c = w == null ? null : w.correlation();
        int n = w == null ? 0 : w.pairs();
        if (n < MIN_PAIRS) {
            return "fewer than " + MIN_PAIRS + " pairs (n = " + n + ")";
        }
        if (c == null || Double.isNaN(c.r())) {
            String why = w.note() == null || w.note().isBlank() ? "not computable" : w.note();
            return why + " (n = " + n + " pairs)";
        }
        return "r = " + signed(c.r()) + " (95 % CI " + signed(c.ciLow()) + " to " + signed(c.ciHigh()) + "), n = " + n + " pairs";
    }

    /** The value it sorts by: r, NaN when not computable. */
    public static double r(WithinPerson w) {
        return w == null || w.correlation() == null ? Double.NaN : w.correlation().r();
    }

    /**
     * The same words on two lines for a narrow column (the PDF): "r = +0.17, n = 7 pairs" and
     * "(95 % CI −0.67 to +0.82)"; below 6 pairs the one line of {@link #cell}.
     */
    public static String twoLines(WithinPerson w) {
        Correlation c = w == null ? null : w.correlation();
        if (c == null || Double.isNaN(c.r())) {
            return cell(w);
        }
        return "r = " + signed(c.r()) + ", n = " + w.pairs() + " pairs\n(95 % CI " + signed(c.ciLow()) + " to " + signed(c.ciHigh()) + ")";
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.2f", v).replace('-', '−');
    }
}
