package org.groupalliance.insight.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link LineChart} as a self-contained SVG document: the same markup is shown on screen
 * (inline) and embedded in the PDF report, so both show exactly the same chart. No JavaScript,
 * no npm, no commercial chart component (decision 0010).
 *
 * <p>Accessibility: Okabe-Ito colours (Okabe &amp; Ito 2008, safe for the common colour-vision
 * deficiencies) and, for every series, a line style or marker that distinguishes it without
 * colour; {@code role="img"} with {@code <title>} and {@code <desc>}; each point carries its value
 * and n as a tooltip; {@link #textAlternative(LineChart)} gives the same numbers as text. The view
 * box is 480 units wide with 13-unit text, so at a 360 px wide phone the text is still ~10 px.
 */
public final class SvgChart {

    /** Okabe-Ito palette (blue, vermillion, bluish green, reddish purple, orange, sky blue, yellow, black). */
    public static final List<String> OKABE_ITO = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000");
    /** Dash patterns for perspectives after the first colour, so lines differ without colour. */
    static final List<String> DASHES = List.of("6 4", "2 3", "8 3 2 3", "4 2");

    static final int WIDTH = 480;
    static final int HEIGHT = 300;
    static final int LEFT = 52;
    static final int RIGHT = 12;
    static final int TOP = 34;
    static final int PLOT_BOTTOM = 232;

    private SvgChart() {
    }

    /** The chart as an SVG document (UTF-8 text, no XML prolog so it can be inlined in HTML). */
    public static String render(LineChart c) {
        StringBuilder s = new StringBuilder(4096);
        int height = height(c);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"100%\" role=\"img\" aria-labelledby=\"t d\" font-family=\"sans-serif\" font-size=\"13\" class=\"ga-chart\">");
        s.append("<title id=\"t\">").append(esc(c.title())).append("</title>");
        s.append("<desc id=\"d\">").append(esc(description(c))).append("</desc>");
        s.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\" fill=\"#ffffff\"/>");
        // phases shaded (alternating), labelled at the top
        int i = 0;
        for (LineChart.Phase p : c.phases()) {
            double x0 = x(c, p.from() - 0.5);
            double x1 = x(c, p.to() + 0.5);
            x0 = Math.max(x0, LEFT);
            x1 = Math.min(x1, WIDTH - RIGHT);
            if (x1 > x0) {
                s.append("<rect class=\"phase\" x=\"").append(f(x0)).append("\" y=\"").append(TOP).append("\" width=\"").append(f(x1 - x0))
                        .append("\" height=\"").append(PLOT_BOTTOM - TOP).append("\" fill=\"").append(i % 2 == 0 ? "#f0f0f0" : "#e0e0e0").append("\"/>");
                s.append("<text x=\"").append(f((x0 + x1) / 2)).append("\" y=\"").append(TOP - 4).append("\" text-anchor=\"middle\" font-size=\"12\" fill=\"#333\">")
                        .append(esc(p.label())).append("</text>");
            }
            i++;
        }
        // y axis: instrument range, 5 ticks
        s.append("<g class=\"axis\" stroke=\"#333\">");
        s.append(line(LEFT, TOP, LEFT, PLOT_BOTTOM)).append(line(LEFT, PLOT_BOTTOM, WIDTH - RIGHT, PLOT_BOTTOM)).append("</g>");
        for (int k = 0; k <= 4; k++) {
            double v = c.yMin() + (c.yMax() - c.yMin()) * k / 4;
            double y = y(c, v);
            s.append(line(LEFT - 4, y, LEFT, y).replace("/>", " stroke=\"#333\"/>"));
            s.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(f(y + 4)).append("\" text-anchor=\"end\">").append(num(v)).append("</text>");
        }
        s.append("<text class=\"y-label\" transform=\"translate(14 ").append(f((TOP + PLOT_BOTTOM) / 2.0)).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(esc(c.yLabel())).append("</text>");
        // x axis: sessions; label every session up to 16, otherwise every other
        int span = c.lastSession() - c.firstSession() + 1;
        int step = span <= 16 ? 1 : span <= 32 ? 2 : 5;
        for (int sn = c.firstSession(); sn <= c.lastSession(); sn++) {
            if ((sn - c.firstSession()) % step == 0) {
                double x = x(c, sn);
                s.append(line(x, PLOT_BOTTOM, x, PLOT_BOTTOM + 4).replace("/>", " stroke=\"#333\"/>"));
                s.append("<text x=\"").append(f(x)).append("\" y=\"").append(PLOT_BOTTOM + 17).append("\" text-anchor=\"middle\">").append(sn).append("</text>");
            }
        }
        s.append("<text class=\"x-label\" x=\"").append(f((LEFT + WIDTH - RIGHT) / 2.0)).append("\" y=\"").append(PLOT_BOTTOM + 34)
                .append("\" text-anchor=\"middle\">Session").append(c.higherIsWorse() ? " · higher is worse" : " · higher is better").append("</text>");
        // concern cut-off
        if (c.cutoff() != null && c.cutoff() >= c.yMin() && c.cutoff() <= c.yMax()) {
            double y = y(c, c.cutoff());
            s.append("<line class=\"cutoff\" x1=\"").append(LEFT).append("\" y1=\"").append(f(y)).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y2=\"")
                    .append(f(y)).append("\" stroke=\"#000000\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\"/>");
            s.append("<text x=\"").append(WIDTH - RIGHT - 2).append("\" y=\"").append(f(y - 4)).append("\" text-anchor=\"end\" font-size=\"12\">cut-off ")
                    .append(num(c.cutoff())).append("</text>");
        }
        // series
        int colour = 0;
        int dash = 0;
        List<String> legend = new ArrayList<>();
        for (LineChart.Series ser : c.series()) {
            switch (ser.style()) {
                case POINTS -> {
                    s.append("<g class=\"points\" fill=\"#767676\" fill-opacity=\"0.7\">");
                    for (LineChart.Point p : ser.points()) {
                        if (p.value() != null) {
                            s.append("<circle cx=\"").append(f(x(c, p.session()))).append("\" cy=\"").append(f(y(c, p.value()))).append("\" r=\"2.5\"><title>")
                                    .append(esc(ser.name())).append(", session ").append(p.session()).append(": ").append(num(p.value())).append("</title></circle>");
                        }
                    }
                    s.append("</g>");
                    legend.add("<circle cx=\"8\" cy=\"-4\" r=\"3\" fill=\"#767676\"/>|" + esc(ser.name()));
                }
                case MEAN, PERSPECTIVE -> {
                    String col = OKABE_ITO.get(colour++ % OKABE_ITO.size());
                    boolean mean = ser.style() == LineChart.Style.MEAN;
                    String dashAttr = mean ? "" : " stroke-dasharray=\"" + DASHES.get(dash++ % DASHES.size()) + "\"";
                    s.append("<g class=\"series\" data-name=\"").append(esc(ser.name())).append("\">");
                    for (String d : segments(c, ser.points())) {
                        s.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(col).append("\" stroke-width=\"").append(mean ? "3" : "2")
                                .append('"').append(dashAttr).append("/>");
                    }
                    for (LineChart.Point p : ser.points()) {
                        if (p.value() != null) {
                            s.append("<circle cx=\"").append(f(x(c, p.session()))).append("\" cy=\"").append(f(y(c, p.value()))).append("\" r=\"")
                                    .append(mean ? "4" : "3.5").append("\" fill=\"").append(mean ? col : "#ffffff").append("\" stroke=\"").append(col)
                                    .append("\" stroke-width=\"2\"><title>").append(esc(ser.name())).append(", session ").append(p.session()).append(": ")
                                    .append(num(p.value())).append(" (n = ").append(p.n()).append(")</title></circle>");
                        }
                    }
                    s.append("</g>");
                    legend.add("<line x1=\"0\" y1=\"-4\" x2=\"18\" y2=\"-4\" stroke=\"" + col + "\" stroke-width=\"" + (mean ? "3" : "2") + "\"" + dashAttr + "/>|"
                            + esc(ser.name()));
                }
                default -> throw new IllegalStateException();
            }
        }
        // legend: two columns below the axis label
        for (int k = 0; k < legend.size(); k++) {
            String[] parts = legend.get(k).split("\\|", 2);
            int lx = LEFT + (k % 2) * 210;
            int ly = PLOT_BOTTOM + 54 + (k / 2) * 16;
            s.append("<g class=\"legend\" transform=\"translate(").append(lx).append(' ').append(ly).append(")\">").append(parts[0])
                    .append("<text x=\"24\" y=\"0\">").append(parts[1]).append("</text></g>");
        }
        s.append("</svg>");
        return s.toString();
    }

    /** Height of the view box: the plot plus two legend columns, one row per two series (shared with {@link PdfChart}). */
    static int height(LineChart c) {
        int legendRows = (c.series().size() + 1) / 2;
        return Math.max(HEIGHT, PLOT_BOTTOM + 50 + legendRows * 16);
    }

    /**
     * The chart's numbers as plain text, one line per session with a value in any series: the
     * text alternative for screen readers and for the PDF.
     */
    public static String textAlternative(LineChart c) {
        StringBuilder s = new StringBuilder(description(c)).append('\n');
        for (int sn = c.firstSession(); sn <= c.lastSession(); sn++) {
            List<String> parts = new ArrayList<>();
            for (LineChart.Series ser : c.series()) {
                if (ser.style() == LineChart.Style.POINTS) {
                    continue;
                }
                for (LineChart.Point p : ser.points()) {
                    if (p.session() == sn && p.value() != null) {
                        parts.add(ser.name() + " " + num(p.value()) + " (n = " + p.n() + ")");
                    }
                }
            }
            s.append("Session ").append(sn).append(": ").append(parts.isEmpty() ? "no data" : String.join("; ", parts)).append('\n');
        }
        return s.toString();
    }

    static String description(LineChart c) {
        StringBuilder d = new StringBuilder(c.title()).append(". ").append(c.yLabel()).append(", range ").append(num(c.yMin())).append(" to ")
                .append(num(c.yMax())).append(c.higherIsWorse() ? ", higher is worse" : ", higher is better")
                .append(", sessions ").append(c.firstSession()).append(" to ").append(c.lastSession()).append('.');
        if (c.cutoff() != null) {
            d.append(" Concern cut-off at ").append(num(c.cutoff())).append('.');
        }
        for (LineChart.Phase p : c.phases()) {
            d.append(' ').append(p.label()).append(": sessions ").append(p.from()).append('–').append(p.to()).append('.');
        }
        return d.toString();
    }

    /** Path data for runs of consecutive points with a value; a session without data breaks the line. */
    static List<String> segments(LineChart c, List<LineChart.Point> points) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        int prev = Integer.MIN_VALUE;
        for (LineChart.Point p : points) {
            boolean joins = p.value() != null && cur != null && p.session() == prev + 1;
            if (p.value() == null) {
                if (cur != null) {
                    out.add(cur.toString());
                }
                cur = null;
            } else if (joins) {
                cur.append(" L").append(f(x(c, p.session()))).append(' ').append(f(y(c, p.value())));
            } else {
                if (cur != null) {
                    out.add(cur.toString());
                }
                cur = new StringBuilder("M").append(f(x(c, p.session()))).append(' ').append(f(y(c, p.value())));
            }
            prev = p.session();
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }

    static double x(LineChart c, double session) {
        int span = Math.max(1, c.lastSession() - c.firstSession());
        double pad = 10;
        return LEFT + pad + (session - c.firstSession()) * (WIDTH - RIGHT - LEFT - 2 * pad) / span;
    }

    static double y(LineChart c, double value) {
        return PLOT_BOTTOM - (value - c.yMin()) * (PLOT_BOTTOM - TOP) / (c.yMax() - c.yMin());
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return "<line x1=\"" + f(x1) + "\" y1=\"" + f(y1) + "\" x2=\"" + f(x2) + "\" y2=\"" + f(y2) + "\"/>";
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A value as shown: up to two decimals, trailing zeros dropped. */
    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** XML escaping of text and attribute values. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
