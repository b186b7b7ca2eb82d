package org.groupalliance.export.file;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A streaming zip: each file is written straight into its entry while its SHA-256 and size are
 * counted, so nothing is held in memory; {@link #finish} adds {@code README.md} with a caller's
 * description followed by the size and SHA-256 of every file, then ends the zip.
 */
public final class ZipWriter implements AutoCloseable {

    /** A file of the zip with its size and SHA-256 (lower-case hex). */
    public record FileDigest(String name, long bytes, String sha256) {
    }

    public static final String README = "README.md";

    private final ZipOutputStream zip;
    private final List<FileDigest> files = new ArrayList<>();
    private Entry open;
    private boolean finished;

    public ZipWriter(OutputStream out) {
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
    }

    /** Starts a file; the returned stream is valid until the next {@code entry} or {@link #finish}. Closing it ends the entry. */
    public OutputStream entry(String name) {
        endEntry();
        if (name.equals(README) || files.stream().anyMatch(f -> f.name().equals(name))) {
            throw new IllegalArgumentException("duplicate or reserved file name " + name);
        }
        try {
            zip.putNextEntry(new ZipEntry(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open = new Entry(name, zip);
        return open;
    }

    /** The files written so far, in order. */
    public List<FileDigest> files() {
        endEntry();
        return List.copyOf(files);
    }

    /** Writes README.md ({@code description}, then the list of files with SHA-256) and ends the zip. */
    public List<FileDigest> finish(String description) {
        List<FileDigest> written = files();
        StringBuilder sb = new StringBuilder(description);
        if (!description.endsWith("\n")) {
            sb.append('\n');
        }
        sb.append("\n## Files\n\n| file | bytes | SHA-256 |\n|---|---:|---|\n");
        for (FileDigest f : written) {
            sb.append("| ").append(f.name()).append(" | ").append(f.bytes()).append(" | ").append(f.sha256()).append(" |\n");
        }
        sb.append("\nCheck a file with `sha256sum FILE` (Linux), `shasum -a 256 FILE` (macOS) or `Get-FileHash FILE` (Windows).\n");
        try {
            zip.putNextEntry(new ZipEntry(README));
            zip.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.finish();
            zip.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finished = true;
        return written;
    }

    @Override
    public void close() {
        try {
            if (!finished) {
                endEntry();
                zip.finish();
            }
            zip.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void endEntry() {
        if (open != null) {
            Entry e = open;
            open = null;
            try {
                e.close();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    private final class Entry extends FilterOutputStream {
        private final String name;
        private final MessageDigest digest;
        private long bytes;
        private boolean closed;

        Entry(String name, OutputStream zip) {
            super(zip);
            this.name = name;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            bytes += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        /** Ends the zip entry, never the zip. */
        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            zip.closeEntry();
            files.add(new FileDigest(name, bytes, HexFormat.of().formatHex(digest.digest())));
            if (open == this) {
                open = null;
            }
        }
    }
}
