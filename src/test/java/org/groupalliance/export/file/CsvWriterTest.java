package org.groupalliance.export.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** RFC 4180 output, number format and formula neutralising of the streaming CSV writer. */
class CsvWriterTest {

    static String write(java.util.function.Consumer<CsvWriter> rows, String... header) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvWriter csv = new CsvWriter(out, List.of(header))) {
            rows.accept(csv);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writes_a_header_and_crlf_rows_with_empty_cells_for_missing_values() {
        String csv = write(w -> {
            w.text("M1").number(3.5).integer(2).endRow();
            w.text(null).number(Double.NaN).integer((Integer) null).endRow();
        }, "member", "score", "session");
        assertThat(csv).isEqualTo("member,score,session\r\nM1,3.5,2\r\n,,\r\n");
    }

    @Test
    void quotes_fields_with_commas_quotes_and_line_breaks_and_doubles_quotes() {
        String csv = write(w -> w.text("a,b").text("say \"hi\"").text("two\nlines").endRow(), "x", "y", "z");
        assertThat(csv).endsWith("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
    }

    @Test
    void writes_utf8_without_a_byte_order_mark() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvWriter w = new CsvWriter(out, List.of("label"))) {
            w.text("Zusammenhalt – ü").endRow();
        }
        byte[] bytes = out.toByteArray();
        assertThat(bytes[0]).isEqualTo((byte) 'l');
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Zusammenhalt – ü");
    }

    @Test
    void neutralises_every_text_cell_a_spreadsheet_would_run_as_a_formula() {
        for (String dangerous : List.of("=HYPERLINK(\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx")) {
            String csv = write(w -> w.text(dangerous).endRow(), "t");
            String cell = csv.substring("t\r\n".length(), csv.length() - 2);
            assertThat(cell).as(dangerous).matches("(?s)\"?'.*");
        }
        assertThat(CsvWriter.neutralise("plain")).isEqualTo("plain");
        assertThat(CsvWriter.neutralise("a=b")).isEqualTo("a=b");
    }

    @Test
    void leaves_numbers_untouched_also_negative_ones() {
        String csv = write(w -> w.number(-1.5).number(-3.0).integer(-7).endRow(), "a", "b", "c");
        assertThat(csv).endsWith("\r\n-1.5,-3,-7\r\n");
    }

    @Test
    void formats_numbers_with_a_point_and_without_exponent_and_reads_back_exactly() {
        for (double d : new double[] {0.1, 1.0 / 3, 1e-7, 123456789.125, 2.5e20, -0.000012, 40}) {
            String s = CsvWriter.format(d);
            assertThat(s).doesNotContain("E").doesNotContain(",");
            assertThat(Double.parseDouble(s)).isEqualTo(d);
        }
        assertThat(CsvWriter.format(40)).isEqualTo("40");
        assertThat(CsvWriter.format(1e-7)).isEqualTo("0.0000001");
    }

    @Test
    void refuses_a_row_with_the_wrong_number_of_cells() {
        assertThatThrownBy(() -> write(w -> w.text("a").endRow(), "x", "y")).hasMessageContaining("row 1 has 1 cells, the header 2");
        assertThatThrownBy(() -> write(w -> w.text("a").text("b"), "x")).hasMessageContaining("more cells");
    }
}
