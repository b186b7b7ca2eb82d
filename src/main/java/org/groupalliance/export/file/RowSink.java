package org.groupalliance.export.file;

/**
 * Where one export row goes, cell by cell in the file's column order: a CSV file
 * ({@link CsvWriter}) or a numeric data file for programs that read numbers only
 * ({@link NumericWriter}). The code that makes a row is written once and serves both.
 */
public interface RowSink {

    /** The code written for an item that the row's instrument does not have or that does not apply. */
    int NOT_APPLICABLE = -8;

    RowSink text(String value);

    RowSink number(double value);

    RowSink number(Double value);

    RowSink integer(long value);

    RowSink integer(Integer value);

    RowSink missing();

    /** An item that does not apply (not the same as missing). */
    RowSink notApplicable();

    void endRow();
}
