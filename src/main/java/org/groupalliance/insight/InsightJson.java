package org.groupalliance.insight;

import java.util.List;

import org.groupalliance.insight.chart.LineChart;
import tools.jackson.databind.json.JsonMapper;

/**
 * The insight page's numbers as JSON ({@code GET /api/v1/groups/{id}/insight}): per instrument the
 * chart's description (range, direction, cut-off, phases), every line's points (null value = no
 * data, a gap), the table view ({@link SessionPoint}) and the members table ({@link MemberRow}),
 * exactly as {@link InsightService#forGroup} gives them to the page. A value that cannot be
 * computed (NaN in the service) is {@code null}. Members are labelled as on the page: display
 * names only for the group's own leaders.
 */
public final class InsightJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public record Group(long groupId, String groupName, int plannedSessions, int sessionsHeld, List<Instrument> instruments) {
    }

    public record Instrument(String code, String name, String construct, boolean higherIsWorse, Chart chart, List<Point> points, List<Member> members) {
    }

    public record Chart(String title, String yLabel, double yMin, double yMax, Double cutoff, int firstSession, int lastSession, List<LineChart.Phase> phases,
                 List<Series> series) {
    }

    public record Series(String name, String style, List<LineChart.Point> points) {
    }

    public record Point(String line, int session, String phase, int n, Double mean, Double sd, Double min, Double max) {
    }

    public record Member(String member, int sessionsAttended, int ratings, Integer firstSession, Double first, Integer latestSession, Double latest,
                  Double change, Double slopePerSession, Double earlyMean, Double middleMean, Double lateMean) {
    }

    private InsightJson() {
    }

    public static String of(GroupInsight gi) {
        return MAPPER.writeValueAsString(model(gi));
    }

    static Group model(GroupInsight gi) {
        return new Group(gi.groupId().value(), gi.groupName(), gi.plannedSessions(), gi.sessionsHeld(), gi.instruments().stream().map(InsightJson::instrument).toList());
    }

    private static Instrument instrument(InstrumentInsight ii) {
        LineChart c = ii.chart();
        Chart chart = new Chart(c.title(), c.yLabel(), c.yMin(), c.yMax(), c.cutoff(), c.firstSession(), c.lastSession(), c.phases(),
                c.series().stream().map(s -> new Series(s.name(), s.style().name(), s.points())).toList());
        List<Point> points = ii.points().stream()
                .map(p -> new Point(p.series(), p.session(), p.phase(), p.n(), v(p.mean()), v(p.sd()), v(p.min()), v(p.max()))).toList();
        List<Member> members = ii.members().stream().map(m -> new Member(m.member(), m.sessionsAttended(), m.ratings(), m.firstSession(), v(m.first()),
                m.latestSession(), v(m.latest()), v(m.change()), v(m.slope()), v(m.earlyMean()), v(m.middleMean()), v(m.lateMean()))).toList();
        return new Instrument(ii.instrumentCode(), ii.instrumentName(), ii.construct(), ii.higherIsWorse(), chart, points, members);
    }

    private static Double v(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }
}
