package org.groupalliance.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.groupalliance.insight.chart.LineChart;
import org.junit.jupiter.api.Test;

class InsightCsvTest {

    static InstrumentInsight insight() {
        LineChart chart = new LineChart("t", "y", 0, 40, false, null, 1, 3, List.of(), List.of());
        return new InstrumentInsight("SA-4", "Session alliance", "Session alliance", false, chart,
                List.of(new SessionPoint("Members' mean", 1, "Early", 3, 28.0, 8.0, 20.0, 36.0),
                        new SessionPoint("Members' mean", 2, "Early", 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN)),
                List.of(new MemberRow("RC-01 (Doe, \"Jo\")", 6, 5, 1, 28, 6, 35, 7, 1.372093023255814, 29.333333333333332, 34, Double.NaN,
                                org.groupalliance.base.MemberId.of(1), 5, 2.5, Congruence.of(java.util.Map.of(3, 30.0, 6, 35.0),
                                java.util.Map.of(3, List.of(28.0), 6, List.of(34.0, 35.0))),
                                List.of(new OutcomeClass("CORE-10", 20, 12, -8, -2.6133333333333333, org.groupalliance.analysis.ReliableChange.Category.IMPROVED, ""))),
                        new MemberRow("=HYPERLINK(1)", 0, 0, null, Double.NaN, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                                Double.NaN)));
    }

    @Test
    void the_points_csv_has_exactly_the_table_numbers_and_empty_fields_for_no_data() {
        assertThat(InsightCsv.points(insight())).isEqualTo("instrument,line,session,phase,n,mean,sd,min,max\r\n"
                + "SA-4,Members' mean,1,Early,3,28.0,8.0,20.0,36.0\r\n"
                + "SA-4,Members' mean,2,Early,0,,,,\r\n");
    }

    @Test
    void the_members_csv_keeps_full_precision_quotes_commas_and_defuses_formulas() {
        String[] lines = InsightCsv.members(insight()).split("\r\n");
        assertThat(lines).hasSize(3);
        // congruence: differences 30 - 28 = 2 and 35 - 34.5 = 0.5; mean 1.25, SD sqrt(1.125), slope -1.5 / 3 = -0.5 per session
        assertThat(lines[1]).isEqualTo("SA-4,\"RC-01 (Doe, \"\"Jo\"\")\",6,5,1,28.0,6,35.0,7.0,1.372093023255814,29.333333333333332,34.0,,5,2.5,"
                + "CORE-10 improved,2,1.25,1.0606601717798212,-0.5");
        assertThat(lines[2]).startsWith("SA-4,'=HYPERLINK(1),0,0,,,,,,,,,,,,,0,,,");
    }
}
