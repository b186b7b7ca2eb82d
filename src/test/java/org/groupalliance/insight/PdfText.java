package org.groupalliance.insight;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The text of a PDF as Poppler's {@code pdftotext} extracts it (the tool a reader's system would use). */
public final class PdfText {

    private PdfText() {
    }

    public static String of(byte[] pdf) throws IOException, InterruptedException {
        Path file = Files.createTempFile("ga-report", ".pdf");
        try {
            Files.write(file, pdf);
            return of(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    public static String of(Path pdf) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pdftotext", "-enc", "UTF-8", pdf.toAbsolutePath().toString(), "-").redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("pdftotext failed on " + pdf + ": " + err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
