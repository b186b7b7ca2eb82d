package org.groupalliance.export.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

/** The streaming zip lists every file with a SHA-256 that matches its content. */
class ZipWriterTest {

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                files.put(e.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    @Test
    void readme_lists_the_sha256_and_size_of_every_file() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipWriter zip = new ZipWriter(bytes)) {
            try (CsvWriter csv = new CsvWriter(zip.entry("long.csv"), List.of("a", "b"))) {
                for (int i = 0; i < 1000; i++) {
                    csv.integer(i).number(i / 7.0).endRow();
                }
            }
            OutputStream other = zip.entry("codebook.md");
            other.write("# Codebook\n".getBytes(StandardCharsets.UTF_8));
            // not closed by the caller: the next call ends it
            zip.finish("# Export\n\nfilter: all\n");
        }
        Map<String, byte[]> files = unzip(bytes.toByteArray());
        assertThat(files.keySet()).containsExactly("long.csv", "codebook.md", "README.md");
        String readme = new String(files.get("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).startsWith("# Export\n\nfilter: all\n");
        for (String name : List.of("long.csv", "codebook.md")) {
            byte[] content = files.get(name);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            assertThat(readme).contains("| " + name + " | " + content.length + " | " + sha + " |");
        }
        assertThat(new String(files.get("long.csv"), StandardCharsets.UTF_8)).startsWith("a,b\r\n0,0\r\n1,0.14285714285714285\r\n");
    }
}
