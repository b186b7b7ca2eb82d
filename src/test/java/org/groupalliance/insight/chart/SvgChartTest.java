package org.groupalliance.insight.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.groupalliance.insight.chart.LineChart.Phase;
import org.groupalliance.insight.chart.LineChart.Point;
import org.groupalliance.insight.chart.LineChart.Series;
import org.groupalliance.insight.chart.LineChart.Style;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartTest {

    static LineChart chart(Double cutoff, List<Series> series) {
        return new LineChart("Alliance <group> & co", "Alliance (mean, 1–7)", 1, 7, false, cutoff, 1, 12,
                List.of(new Phase("Early", 1, 4), new Phase("Middle", 5, 8), new Phase("Late", 9, 12)), series);
    }

    static Series mean() {
        // session 4 has no data: the line must break there
        return new Series("Group mean", Style.MEAN, List.of(new Point(1, 4.0, 5), new Point(2, 4.5, 6), new Point(3, 5.0, 6),
                new Point(4, null, 0), new Point(5, 5.5, 4), new Point(6, 6.0, 5)));
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> byClass(Document d, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList all = d.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (cls == null || cls.equals(e.getAttribute("class"))) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void renders_well_formed_accessible_svg_with_escaped_text() throws Exception {
        String svg = SvgChart.render(chart(3.0, List.of(mean())));
        Document d = parse(svg);
        Element root = d.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("role")).isEqualTo("img");
        assertThat(d.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("Alliance <group> & co");
        assertThat(d.getElementsByTagName("desc").item(0).getTextContent())
                .contains("range 1 to 7", "higher is better", "Concern cut-off at 3", "Early: sessions 1–4");
        assertThat(svg).doesNotContain("<group>");
    }

    @Test
    void the_y_axis_shows_the_instrument_range_and_the_label() throws Exception {
        Document d = parse(SvgChart.render(chart(null, List.of(mean()))));
        List<String> texts = new ArrayList<>();
        NodeList t = d.getElementsByTagName("text");
        for (int i = 0; i < t.getLength(); i++) {
            texts.add(t.item(i).getTextContent());
        }
        assertThat(texts).contains("1", "2.5", "4", "5.5", "7", "Alliance (mean, 1–7)", "Session · higher is better", "Early", "Middle", "Late");
        assertThat(byClass(d, "line", "cutoff")).isEmpty();
    }

    @Test
    void the_cutoff_line_sits_at_its_value() throws Exception {
        Document d = parse(SvgChart.render(chart(3.0, List.of(mean()))));
        Element cut = byClass(d, "line", "cutoff").getFirst();
        // y maps 1..7 onto PLOT_BOTTOM..TOP: 3 is one third of the way up
        double expected = SvgChart.PLOT_BOTTOM - (3.0 - 1) / 6 * (SvgChart.PLOT_BOTTOM - SvgChart.TOP);
        assertThat(Double.parseDouble(cut.getAttribute("y1"))).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.06));
    }

    @Test
    void a_session_without_data_breaks_the_line_and_is_said_in_the_text() throws Exception {
        LineChart c = chart(null, List.of(mean()));
        Document d = parse(SvgChart.render(c));
        List<Element> paths = new ArrayList<>();
        NodeList p = d.getElementsByTagName("path");
        for (int i = 0; i < p.getLength(); i++) {
            paths.add((Element) p.item(i));
        }
        assertThat(paths).hasSize(2);
        assertThat(paths.get(0).getAttribute("d")).matches("M[^M]*L[^M]*L[^M]*");
        assertThat(paths.get(1).getAttribute("d")).matches("M[^ML]* [^ML]*L[^ML]*");
        String text = SvgChart.textAlternative(c);
        assertThat(text).contains("Session 4: no data", "Session 5: Group mean 5.5 (n = 4)", "Session 12: no data");
    }

    @Test
    void perspectives_get_okabe_ito_colours_and_distinct_dashes_and_members_grey_points() throws Exception {
        Series leader = new Series("Leader's rating", Style.PERSPECTIVE, List.of(new Point(1, 5.0, 1)));
        Series observer = new Series("Observer's rating", Style.PERSPECTIVE, List.of(new Point(1, 4.0, 1)));
        Series members = new Series("Each member", Style.POINTS, List.of(new Point(1, 3.0, 1), new Point(1, 5.0, 1)));
        Document d = parse(SvgChart.render(chart(null, List.of(members, mean(), leader, observer))));
        List<String> strokes = new ArrayList<>();
        List<String> dashes = new ArrayList<>();
        NodeList p = d.getElementsByTagName("path");
        for (int i = 0; i < p.getLength(); i++) {
            Element e = (Element) p.item(i);
            strokes.add(e.getAttribute("stroke"));
            dashes.add(e.getAttribute("stroke-dasharray"));
        }
        assertThat(strokes).allSatisfy(s -> assertThat(SvgChart.OKABE_ITO).contains(s));
        assertThat(strokes.stream().distinct()).hasSize(3);
        // mean solid, the two perspectives each dashed differently: told apart without colour
        assertThat(dashes.stream().distinct()).hasSize(3).contains("");
        assertThat(byClass(d, "g", "points").getFirst().getElementsByTagName("circle").getLength()).isEqualTo(2);
        assertThat(byClass(d, "g", "legend")).hasSize(4);
    }

    @Test
    void higher_is_worse_is_stated() throws Exception {
        LineChart c = new LineChart("Distress", "Outcome (total, 0–40)", 0, 40, true, 20.0, 1, 8, List.of(), List.of());
        assertThat(SvgChart.render(c)).contains("higher is worse");
        assertThat(SvgChart.textAlternative(c)).contains("higher is worse");
    }

    @Test
    void an_empty_range_is_refused() {
        assertThatThrownBy(() -> new LineChart("x", "y", 5, 5, false, null, 1, 3, List.of(), List.of()))
                .hasMessageContaining("yMax (5.0) must be above yMin (5.0)");
    }
}
