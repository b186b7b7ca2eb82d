package org.groupalliance.base.ui;

/** How numbers read on screen: whole numbers without ".0". */
public final class Numbers {

    private Numbers() {
    }

    /** A value as entered or defined (a range end, an anchor): whole numbers without ".0", others in full. */
    public static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** A computed score: "-" when there is none, whole numbers without ".0", others to two decimals. */
    public static String score(double v) {
        return Double.isNaN(v) ? "-" : v == Math.rint(v) ? Long.toString((long) v) : String.valueOf(Math.round(v * 100) / 100.0);
    }
}
