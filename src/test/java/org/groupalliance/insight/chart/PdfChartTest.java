package org.groupalliance.insight.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.geom.Point2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.groupalliance.insight.chart.LineChart.Point;
import org.groupalliance.insight.chart.LineChart.Series;
import org.groupalliance.insight.chart.LineChart.Style;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The PDF chart is the screen chart: every line of the SVG (its path data) is drawn in the PDF at
 * the same place (SVG coordinates mapped by the one scale and offset, to 0.05 pt), with the same
 * number of markers, the same gap for a session without data, and its text extractable.
 */
class PdfChartTest {

    static final float LEFT = 40;
    static final float TOP = 800;
    static final float WIDTH = 515;

    static LineChart chart() {
        Series perspective = new Series("Leaders about the group", Style.PERSPECTIVE,
                List.of(new Point(1, 5.0, 1), new Point(2, null, 0), new Point(3, 4.0, 1), new Point(4, 4.5, 1)));
        Series points = new Series("Each member", Style.POINTS, List.of(new Point(1, 3.5, 1), new Point(1, 4.5, 1), new Point(2, 5.0, 1)));
        return SvgChartTest.chart(3.0, List.of(points, SvgChartTest.mean(), perspective));
    }

    static byte[] pdf(LineChart c) throws IOException {
        try (PDDocument doc = new PDDocument(); InputStream font = PdfChartTest.class.getResourceAsStream("/fonts/LiberationSans-Regular.ttf")) {
            PDFont f = PDType0Font.load(doc, font);
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                PdfChart.draw(cs, f, c, LEFT, TOP, WIDTH);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** Collects stroked polylines (straight segments only) and the number of circles (4 Bezier curves each) in page coordinates. */
    static final class Paths extends PDFGraphicsStreamEngine {
        final List<List<Point2D>> stroked = new ArrayList<>();
        int circles;
        private List<List<Point2D>> current = new ArrayList<>();
        private int curves;
        private Point2D at = new Point2D.Float();

        Paths(PDPage page) {
            super(page);
        }

        @Override public void moveTo(float x, float y) {
            List<Point2D> sub = new ArrayList<>();
            sub.add(new Point2D.Float(x, y));
            current.add(sub);
            at = new Point2D.Float(x, y);
        }

        @Override public void lineTo(float x, float y) {
            current.getLast().add(new Point2D.Float(x, y));
            at = new Point2D.Float(x, y);
        }

        @Override public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {
            curves++;
            at = new Point2D.Float(x3, y3);
        }

        @Override public Point2D getCurrentPoint() {
            return at;
        }

        @Override public void closePath() {
        }

        @Override public void endPath() {
            reset();
        }

        @Override public void strokePath() {
            current.stream().filter(s -> s.size() > 1).forEach(stroked::add);
            reset();
        }

        @Override public void fillPath(int windingRule) {
            reset();
        }

        @Override public void fillAndStrokePath(int windingRule) {
            reset();
        }

        private void reset() {
            circles += curves / 4;
            curves = 0;
            current = new ArrayList<>();
        }

        @Override public void appendRectangle(Point2D p0, Point2D p1, Point2D p2, Point2D p3) {
        }

        @Override public void drawImage(PDImage pdImage) {
        }

        @Override public void clip(int windingRule) {
        }

        @Override public void shadingFill(COSName shadingName) {
        }
    }

    @Test
    void every_svg_line_is_drawn_at_the_same_place_with_the_same_markers_and_gaps() throws Exception {
        LineChart c = chart();
        Document svg = SvgChartTest.parse(SvgChart.render(c));
        double scale = WIDTH / SvgChart.WIDTH;
        try (PDDocument doc = Loader.loadPDF(pdf(c))) {
            Paths paths = new Paths(doc.getPage(0));
            paths.processPage(doc.getPage(0));
            // drawn lines: mean sessions 1-3 and 5-6 (gap at 4); leaders 3-4 (session 1 alone is a marker only, 2 is a gap)
            List<Element> svgPaths = SvgChartTest.byClass(svg, "path", null).stream().filter(p -> p.getAttribute("d").contains("L")).toList();
            assertThat(svgPaths).hasSize(3);
            for (Element p : svgPaths) {
                List<Point2D> expected = new ArrayList<>();
                for (String part : p.getAttribute("d").trim().split("(?=[ML])")) {
                    String[] xy = part.substring(1).trim().split(" ");
                    expected.add(new Point2D.Double(LEFT + Double.parseDouble(xy[0]) * scale, TOP - Double.parseDouble(xy[1]) * scale));
                }
                assertThat(paths.stroked).as("PDF polyline for SVG path %s", p.getAttribute("d")).anySatisfy(line -> {
                    assertThat(line).hasSize(expected.size());
                    for (int i = 0; i < expected.size(); i++) {
                        // the SVG rounds coordinates to 0.1 unit
                        assertThat(line.get(i).getX()).isCloseTo(expected.get(i).getX(), within(0.06 * scale + 0.01));
                        assertThat(line.get(i).getY()).isCloseTo(expected.get(i).getY(), within(0.06 * scale + 0.01));
                    }
                });
            }
            assertThat(paths.circles).as("markers, member points and legend dot").isEqualTo(svg.getElementsByTagName("circle").getLength());
            String text = new PDFTextStripper().getText(doc);
            // the rotated y label comes out one fragment per line: compare without white space
            assertThat(text.replaceAll("\\s+", "")).contains("Alliance(mean,1–7)");
            assertThat(text).contains("cut-off 3").contains("Early").contains("Middle").contains("Late")
                    .contains("Session · higher is better").contains("Group mean").contains("Leaders about the group").contains("Each member");
        }
    }

    @Test
    void text_a_font_cannot_show_becomes_a_question_mark_instead_of_failing() throws Exception {
        try (PDDocument doc = new PDDocument(); InputStream font = PdfChartTest.class.getResourceAsStream("/fonts/LiberationSans-Regular.ttf")) {
            PDFont f = PDType0Font.load(doc, font);
            assertThat(PdfChart.safe(f, "Łukasz Zoë Ω – 李")).isEqualTo("Łukasz Zoë Ω – ?");
        }
    }
}
