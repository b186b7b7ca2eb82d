package org.groupalliance.export.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The CSV writer formats numbers into its byte buffer instead of through {@code Double.toString}
 * strings: the text must stay exactly what the string formatting wrote (the exported files are
 * compared byte for byte across versions). {@link #old} is that formatting, copied as it was.
 */
class NumberFormatTest {

    /** The formatting before the byte buffer (CsvWriter.format up to 2026-11-30). */
    static String old(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String s = Double.toString(value);
        return s.indexOf('E') < 0 ? s : new BigDecimal(s).stripTrailingZeros().toPlainString();
    }

    static List<Double> values() {
        List<Double> v = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.1, 0.2, 0.3, 0.1 + 0.2, 1e-7, -1e-7, 1.2e-5, 1e-3,
                0.00099999, 1e7, 1e7 + 0.5, 9999999.5, 1e7 - 1e-9, 12345678.5, 1e15, 1e15 + 0.5, -1e15, 1e16, 1.5e20, 1e22, 1e300, -1e300,
                Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, Math.PI, -Math.E, 1.0 / 3, 2.0 / 3, 7.85, 31.2,
                Math.nextUp(1.0), Math.nextDown(1.0), Math.nextUp(0.001), Math.nextDown(0.001), Math.nextDown(1e7), Long.MAX_VALUE + 0.0,
                4.35, 0.015, 100.05, 9.95, 123456.789, 999999999.5, 1e-300, 5e-324));
        SplittableRandom random = new SplittableRandom(20261130);
        for (int i = 0; i < 200_000; i++) {
            double scale = Math.pow(10, random.nextInt(-12, 18));
            v.add((random.nextDouble() * 2 - 1) * scale); // full precision, every magnitude
            v.add(Math.round(random.nextDouble() * 100) / 10.0 - 5); // one decimal (items), negatives, .5
            v.add(Math.round(random.nextDouble() * 4000) / 100.0); // two decimals (totals)
            double items = 0;
            int n = random.nextInt(1, 12);
            for (int k = 0; k < n; k++) {
                items += Math.round(random.nextDouble() * 100) / 10.0;
            }
            v.add(items / n); // a mean
            v.add(Math.round(random.nextDouble() * 100) / 10.0 - items / n); // a centred score
            v.add(Double.longBitsToDouble(random.nextLong())); // any bit pattern
            v.add((double) random.nextInt(-1000, 1000) + 0.5);
        }
        return v;
    }

    @Test
    void format_gives_the_old_text_for_every_value() {
        int compared = 0;
        for (double d : values()) {
            if (!Double.isFinite(d)) {
                continue;
            }
            assertThat(CsvWriter.format(d)).as("%s (bits %x)", d, Double.doubleToRawLongBits(d)).isEqualTo(old(d));
            compared++;
        }
        assertThat(compared).isGreaterThan(1_000_000);
    }

    @Test
    void csv_and_numeric_cells_hold_the_old_text() {
        List<Double> values = values().subList(0, 300_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder expected = new StringBuilder("x,y\r\n");
        try (CsvWriter csv = new CsvWriter(out, List.of("x", "y"))) {
            for (double d : values) {
                csv.number(d).integer((long) (d * 1000) % 1_000_000_007L).endRow();
                expected.append(Double.isFinite(d) ? old(d) : "").append(',').append(Long.toString((long) (d * 1000) % 1_000_000_007L)).append("\r\n");
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }
}
