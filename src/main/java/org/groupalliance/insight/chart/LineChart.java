package org.groupalliance.insight.chart;

import java.util.List;
import java.util.Objects;

/**
 * What a session-by-session chart shows, independent of how it is drawn: a y range (the
 * instrument's range), optional concern cut-off, phase bands and series of points by session.
 * Immutable; rendered by {@link SvgChart} for screen and PDF alike.
 *
 * @param title         chart title (also the SVG's accessible name)
 * @param yLabel        y-axis label, e.g. "Alliance (mean, 1–7)"
 * @param yMin          lower end of the instrument's range
 * @param yMax          upper end of the instrument's range
 * @param higherIsWorse whether a higher score means a worse state (stated on the chart)
 * @param cutoff        concern cut-off drawn as a line, or null
 * @param firstSession  first session on the x axis
 * @param lastSession   last session on the x axis (the planned sessions)
 * @param phases        shaded phase bands
 * @param series        lines and point clouds, drawn in order
 */
public record LineChart(String title, String yLabel, double yMin, double yMax, boolean higherIsWorse, Double cutoff,
                        int firstSession, int lastSession, List<Phase> phases, List<Series> series) {

    /** How a series is drawn. */
    public enum Style {
        /** The group mean: thick solid line with filled points. */
        MEAN,
        /** Another perspective (leader, observer): dashed line with open points. */
        PERSPECTIVE,
        /** Individual values (each member's point): small grey dots, no line. */
        POINTS
    }

    /** A shaded band of sessions {@code from..to}, labelled. */
    public record Phase(String label, int from, int to) {
    }

    /**
     * One value at one session; {@code value} null = no data at that session (a gap in the line);
     * {@code n} = how many values the point summarises (1 for an individual point).
     */
    public record Point(int session, Double value, int n) {
    }

    /** A named series of points in session order. */
    public record Series(String name, Style style, List<Point> points) {
        public Series {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(style, "style");
            points = List.copyOf(points);
        }
    }

    public LineChart {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(yLabel, "yLabel");
        if (!(yMax > yMin)) {
            throw new IllegalArgumentException("yMax (" + yMax + ") must be above yMin (" + yMin + ")");
        }
        if (lastSession < firstSession) {
            throw new IllegalArgumentException("lastSession (" + lastSession + ") must not be before firstSession (" + firstSession + ")");
        }
        phases = List.copyOf(phases);
        series = List.copyOf(series);
    }
}
