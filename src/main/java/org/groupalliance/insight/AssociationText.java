package org.groupalliance.insight;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.groupalliance.insight.Association.Correlation;
import org.groupalliance.insight.Association.GroupLink;
import org.groupalliance.insight.Association.Link;
import org.groupalliance.insight.Association.Slope;

/** Plain-language text for the association numbers: every estimate with n and its interval, never a bare p. */
public final class AssociationText {

    private AssociationText() {
    }

    public static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v).replace("-", "−");
    }

    public static String p(double p) {
        return Double.isNaN(p) ? "–" : p < 0.001 ? "< .001" : String.format(Locale.ROOT, "%.3f", p).replaceFirst("^0", "");
    }

    /** "r = 0.42 (95 % CI −0.10 to 0.77), n = 12, p = .170". */
    public static String correlation(Correlation c) {
        if (c == null || Double.isNaN(c.r())) {
            return "not computable (n = " + (c == null ? 0 : c.n()) + ")";
        }
        String ci = Double.isNaN(c.ciLow()) ? "no interval with n = 3" : "95 % CI " + num(c.ciLow()) + " to " + num(c.ciHigh());
        return "r = " + num(c.r()) + " (" + ci + "), n = " + c.n() + ", p = " + p(c.p());
    }

    /** "slope 1.20 (95 % CI 0.10 to 2.30), R² = 0.31". */
    public static String slope(Slope s) {
        if (s == null || Double.isNaN(s.slope())) {
            return "not computable";
        }
        return "slope " + num(s.slope()) + " per scale point (95 % CI " + num(s.ciLow()) + " to " + num(s.ciHigh()) + "), R² = " + num(s.rSquared());
    }

    static List<String> numbers(GroupLink link) {
        List<String> out = new ArrayList<>();
        for (Link l : List.of(link.gain(), link.rci())) {
            out.add("Alliance and " + l.change() + ": " + correlation(l.correlation()) + "; " + slope(l.slope()));
        }
        return out;
    }

    /**
     * The one-sentence answer from the residualised gain: which way alliance went with improvement
     * (the sign turned for outcomes where higher is worse) and how strongly, with r, its interval and n.
     */
    static String sentence(String outcomeName, boolean higherIsWorse, Link gain) {
        Correlation c = gain.correlation();
        if (Double.isNaN(c.r())) {
            return "Not yet: " + c.n() + " member" + (c.n() == 1 ? "" : "s") + " of this group " + (c.n() == 1 ? "has" : "have")
                    + " alliance ratings with both a baseline and a post " + outcomeName + " score; at least 3 are needed.";
        }
        double improvement = higherIsWorse ? -c.r() : c.r();
        double a = Math.abs(improvement);
        String strength = a < 0.1 ? "" : a < 0.3 ? "slightly " : a < 0.5 ? "moderately " : "clearly ";
        String how = a < 0.1 ? "members' alliance ratings hardly went with their improvement on " + outcomeName
                : improvement > 0 ? "members who rated the alliance higher " + strength + "improved more on " + outcomeName + " than expected from their baseline"
                : "members who rated the alliance higher " + strength + "improved less on " + outcomeName + " than expected from their baseline";
        return "In this group, " + how + " (" + correlation(c) + ").";
    }

    /** The caveat that goes with a group's numbers: small sample, or an interval that includes zero. */
    static String caveat(GroupLink link) {
        Correlation c = link.gain().correlation();
        if (Double.isNaN(c.r())) {
            return "";
        }
        if (link.description()) {
            return "With " + c.n() + " members this describes the group; it is not evidence (at least 10 members are needed for that).";
        }
        if (!Double.isNaN(c.ciLow()) && c.ciLow() < 0 && c.ciHigh() > 0) {
            return "The interval includes zero: the data are also compatible with no link.";
        }
        return "";
    }
}
