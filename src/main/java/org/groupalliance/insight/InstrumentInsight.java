package org.groupalliance.insight;

import java.util.List;

import org.groupalliance.insight.chart.LineChart;

/**
 * Session-by-session view of one planned instrument: the chart, the exact numbers it draws
 * ({@code points}) and the members table.
 */
public record InstrumentInsight(String instrumentCode, String instrumentName, String construct, boolean higherIsWorse, LineChart chart,
                                List<SessionPoint> points, List<MemberRow> members) {
    public InstrumentInsight {
        points = List.copyOf(points);
        members = List.copyOf(members);
    }
}
