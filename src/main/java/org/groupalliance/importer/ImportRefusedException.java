package org.groupalliance.importer;

/** An import was refused because the file has problems and the user did not choose "valid rows only"; nothing was stored. */
public class ImportRefusedException extends RuntimeException {

    private final transient ImportReport report;

    public ImportRefusedException(ImportReport report) {
        super(report.problems().size() + " problem(s) in the file; nothing was stored");
        this.report = report;
    }

    public ImportReport report() {
        return report;
    }
}
