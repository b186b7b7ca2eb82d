package org.groupalliance.insight.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.util.Matrix;

/**
 * Draws a {@link LineChart} into a PDF page as vector graphics with exactly the geometry of
 * {@link SvgChart}: the same view box, the same {@code SvgChart.x}/{@code SvgChart.y} mapping of
 * session and value to position, the same Okabe-Ito colours, dash patterns, phase bands, cut-off
 * line, gaps for sessions without data and legend. The page's coordinate system is flipped once
 * ({@code y} down, as in SVG) and scaled, so every coordinate below is an SVG coordinate
 * (decision 0018). Text stays text (selectable and extractable, e.g. by {@code pdftotext}).
 */
public final class PdfChart {

    /** Bezier control-point factor for a quarter circle. */
    private static final float K = 0.5523f;

    private PdfChart() {
    }

    /** Height in PDF points of the chart drawn {@code width} points wide. */
    public static float heightAt(LineChart c, float width) {
        return SvgChart.height(c) * width / SvgChart.WIDTH;
    }

    /**
     * Draws the chart with its top-left corner at ({@code left}, {@code top}) in page coordinates,
     * {@code width} points wide.
     */
    public static void draw(PDPageContentStream cs, PDFont font, LineChart c, float left, float top, float width) {
        try {
            drawChart(cs, font, c, left, top, width / SvgChart.WIDTH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drawChart(PDPageContentStream cs, PDFont font, LineChart c, float left, float top, float scale) throws IOException {
        cs.saveGraphicsState();
        cs.transform(new Matrix(scale, 0, 0, -scale, left, top));
        int height = SvgChart.height(c);
        fill(cs, "#ffffff");
        cs.addRect(0, 0, SvgChart.WIDTH, height);
        cs.fill();
        int top0 = SvgChart.TOP;
        int bottom = SvgChart.PLOT_BOTTOM;
        int right = SvgChart.WIDTH - SvgChart.RIGHT;
        int i = 0;
        for (LineChart.Phase p : c.phases()) {
            double x0 = Math.max(SvgChart.x(c, p.from() - 0.5), SvgChart.LEFT);
            double x1 = Math.min(SvgChart.x(c, p.to() + 0.5), right);
            if (x1 > x0) {
                fill(cs, i % 2 == 0 ? "#f0f0f0" : "#e0e0e0");
                cs.addRect((float) x0, top0, (float) (x1 - x0), bottom - top0);
                cs.fill();
                text(cs, font, 12, "#333333", p.label(), (x0 + x1) / 2, top0 - 4, Anchor.MIDDLE);
            }
            i++;
        }
        stroke(cs, "#333333", 1, null);
        line(cs, SvgChart.LEFT, top0, SvgChart.LEFT, bottom);
        line(cs, SvgChart.LEFT, bottom, right, bottom);
        for (int k = 0; k <= 4; k++) {
            double v = c.yMin() + (c.yMax() - c.yMin()) * k / 4;
            double y = SvgChart.y(c, v);
            line(cs, SvgChart.LEFT - 4, y, SvgChart.LEFT, y);
            text(cs, font, 13, "#000000", SvgChart.num(v), SvgChart.LEFT - 6, y + 4, Anchor.END);
        }
        // the y label, rotated -90 degrees about (14, middle of the plot), as in the SVG
        fill(cs, "#000000");
        cs.beginText();
        cs.setFont(font, 13);
        float mid = (top0 + bottom) / 2f;
        String yLabel = safe(font, c.yLabel());
        float w = width(font, 13, yLabel);
        cs.setTextMatrix(new Matrix(0, -1, -1, 0, 14, mid + w / 2));
        cs.showText(yLabel);
        cs.endText();
        int span = c.lastSession() - c.firstSession() + 1;
        int step = span <= 16 ? 1 : span <= 32 ? 2 : 5;
        for (int sn = c.firstSession(); sn <= c.lastSession(); sn++) {
            if ((sn - c.firstSession()) % step == 0) {
                double x = SvgChart.x(c, sn);
                stroke(cs, "#333333", 1, null);
                line(cs, x, bottom, x, bottom + 4);
                text(cs, font, 13, "#000000", String.valueOf(sn), x, bottom + 17, Anchor.MIDDLE);
            }
        }
        text(cs, font, 13, "#000000", "Session" + (c.higherIsWorse() ? " · higher is worse" : " · higher is better"), (SvgChart.LEFT + right) / 2.0,
                bottom + 34, Anchor.MIDDLE);
        if (c.cutoff() != null && c.cutoff() >= c.yMin() && c.cutoff() <= c.yMax()) {
            double y = SvgChart.y(c, c.cutoff());
            stroke(cs, "#000000", 1.5f, "3 3");
            line(cs, SvgChart.LEFT, y, right, y);
            text(cs, font, 12, "#000000", "cut-off " + SvgChart.num(c.cutoff()), right - 2, y - 4, Anchor.END);
        }
        int colour = 0;
        int dash = 0;
        int legendIndex = 0;
        for (LineChart.Series ser : c.series()) {
            double lx = SvgChart.LEFT + (legendIndex % 2) * 210;
            double ly = SvgChart.PLOT_BOTTOM + 54 + (legendIndex / 2) * 16;
            legendIndex++;
            if (ser.style() == LineChart.Style.POINTS) {
                fill(cs, "#767676");
                for (LineChart.Point p : ser.points()) {
                    if (p.value() != null) {
                        circle(cs, SvgChart.x(c, p.session()), SvgChart.y(c, p.value()), 2.5f);
                        cs.fill();
                    }
                }
                circle(cs, lx + 8, ly - 4, 3);
                cs.fill();
            } else {
                String col = SvgChart.OKABE_ITO.get(colour++ % SvgChart.OKABE_ITO.size());
                boolean mean = ser.style() == LineChart.Style.MEAN;
                String dashes = mean ? null : SvgChart.DASHES.get(dash++ % SvgChart.DASHES.size());
                stroke(cs, col, mean ? 3 : 2, dashes);
                for (List<LineChart.Point> run : runs(ser.points())) {
                    for (int k = 0; k < run.size(); k++) {
                        LineChart.Point p = run.get(k);
                        float px = (float) SvgChart.x(c, p.session());
                        float py = (float) SvgChart.y(c, p.value());
                        if (k == 0) {
                            cs.moveTo(px, py);
                        } else {
                            cs.lineTo(px, py);
                        }
                    }
                    if (run.size() > 1) {
                        cs.stroke();
                    }
                }
                stroke(cs, col, 2, null);
                for (LineChart.Point p : ser.points()) {
                    if (p.value() != null) {
                        fill(cs, mean ? col : "#ffffff");
                        circle(cs, SvgChart.x(c, p.session()), SvgChart.y(c, p.value()), mean ? 4 : 3.5f);
                        cs.fillAndStroke();
                    }
                }
                stroke(cs, col, mean ? 3 : 2, dashes);
                line(cs, lx, ly - 4, lx + 18, ly - 4);
            }
            text(cs, font, 13, "#000000", ser.name(), lx + 24, ly, Anchor.START);
        }
        cs.restoreGraphicsState();
    }

    /**
     * Runs of points at consecutive sessions that all have a value: each run is one drawn line; a
     * session without data ends a run (a gap, never interpolated), as {@code SvgChart.segments}.
     */
    static List<List<LineChart.Point>> runs(List<LineChart.Point> points) {
        List<List<LineChart.Point>> out = new ArrayList<>();
        List<LineChart.Point> cur = null;
        int prev = Integer.MIN_VALUE;
        for (LineChart.Point p : points) {
            if (p.value() == null) {
                cur = null;
            } else if (cur != null && p.session() == prev + 1) {
                cur.add(p);
            } else {
                cur = new ArrayList<>();
                cur.add(p);
                out.add(cur);
            }
            prev = p.session();
        }
        return out;
    }

    private enum Anchor { START, MIDDLE, END }

    /** Text upright in the flipped system: the text matrix flips it back; {@code (x, y)} is the baseline point, as in SVG. */
    private static void text(PDPageContentStream cs, PDFont font, float size, String colour, String s, double x, double y, Anchor anchor) throws IOException {
        String t = safe(font, s);
        float w = width(font, size, t);
        double x0 = switch (anchor) {
            case START -> x;
            case MIDDLE -> x - w / 2;
            case END -> x - w;
        };
        fill(cs, colour);
        cs.beginText();
        cs.setFont(font, size);
        cs.setTextMatrix(new Matrix(1, 0, 0, -1, (float) x0, (float) y));
        cs.showText(t);
        cs.endText();
    }

    /** Width of text in the font at a size, in the units it is drawn in. */
    public static float width(PDFont font, float size, String s) {
        try {
            return font.getStringWidth(s) / 1000f * size;
        } catch (IOException | IllegalArgumentException e) {
            return s.length() * size * 0.5f;
        }
    }

    /** The text with every character the font cannot show replaced by '?' (PDFBox refuses unencodable text). */
    public static String safe(PDFont font, String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            String one = cp == '\t' || cp == '\n' || cp == '\r' ? " " : new String(Character.toChars(cp));
            try {
                font.encode(one);
                b.append(one);
            } catch (IOException | IllegalArgumentException e) {
                b.append('?');
            }
        });
        return b.toString();
    }

    private static void line(PDPageContentStream cs, double x1, double y1, double x2, double y2) throws IOException {
        cs.moveTo((float) x1, (float) y1);
        cs.lineTo((float) x2, (float) y2);
        cs.stroke();
    }

    private static void circle(PDPageContentStream cs, double cx, double cy, float r) throws IOException {
        float x = (float) cx;
        float y = (float) cy;
        cs.moveTo(x + r, y);
        cs.curveTo(x + r, y + K * r, x + K * r, y + r, x, y + r);
        cs.curveTo(x - K * r, y + r, x - r, y + K * r, x - r, y);
        cs.curveTo(x - r, y - K * r, x - K * r, y - r, x, y - r);
        cs.curveTo(x + K * r, y - r, x + r, y - K * r, x + r, y);
        cs.closePath();
    }

    private static void fill(PDPageContentStream cs, String hex) throws IOException {
        float[] rgb = rgb(hex);
        cs.setNonStrokingColor(rgb[0], rgb[1], rgb[2]);
    }

    private static void stroke(PDPageContentStream cs, String hex, float width, String dashes) throws IOException {
        float[] rgb = rgb(hex);
        cs.setStrokingColor(rgb[0], rgb[1], rgb[2]);
        cs.setLineWidth(width);
        if (dashes == null) {
            cs.setLineDashPattern(new float[0], 0);
        } else {
            String[] parts = dashes.split(" ");
            float[] pattern = new float[parts.length];
            for (int k = 0; k < parts.length; k++) {
                pattern[k] = Float.parseFloat(parts[k]);
            }
            cs.setLineDashPattern(pattern, 0);
        }
    }

    static float[] rgb(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        return new float[] {((v >> 16) & 0xff) / 255f, ((v >> 8) & 0xff) / 255f, (v & 0xff) / 255f};
    }
}
