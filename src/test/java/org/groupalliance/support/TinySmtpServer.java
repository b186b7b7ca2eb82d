package org.groupalliance.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SMTP server on a local port, in-process, for tests: speaks enough RFC 5321 (EHLO/HELO,
 * MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT) for JavaMail and keeps every message it
 * received. GreenMail is not served by this project's registry.
 */
public final class TinySmtpServer implements AutoCloseable {

    /** One received message: envelope recipients and the raw DATA (headers and body). */
    public record Received(String from, List<String> to, String data) {
    }

    private final ServerSocket server;
    private final List<Received> messages = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public TinySmtpServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "tiny-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Received> messages() {
        return List.copyOf(messages);
    }

    public void clear() {
        messages.clear();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                session(s);
            } catch (IOException e) {
                // closed, or a client hung up: wait for the next one
            }
        }
    }

    private void session(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8), true);
        reply(out, "220 localhost tiny-smtp ready");
        String from = null;
        List<String> to = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String upper = line.toUpperCase();
            if (upper.startsWith("EHLO")) {
                reply(out, "250-localhost");
                reply(out, "250 8BITMIME");
            } else if (upper.startsWith("HELO")) {
                reply(out, "250 localhost");
            } else if (upper.startsWith("MAIL FROM:")) {
                from = line.substring(10).trim();
                to = new ArrayList<>();
                reply(out, "250 OK");
            } else if (upper.startsWith("RCPT TO:")) {
                to.add(line.substring(8).trim().replaceAll("[<>]", ""));
                reply(out, "250 OK");
            } else if (upper.equals("DATA")) {
                reply(out, "354 End data with <CR><LF>.<CR><LF>");
                StringBuilder data = new StringBuilder();
                String l;
                while ((l = in.readLine()) != null && !l.equals(".")) {
                    data.append(l.startsWith("..") ? l.substring(1) : l).append("\n");
                }
                messages.add(new Received(from, List.copyOf(to), data.toString()));
                reply(out, "250 OK queued");
            } else if (upper.equals("QUIT")) {
                reply(out, "221 Bye");
                return;
            } else if (upper.startsWith("RSET") || upper.startsWith("NOOP")) {
                reply(out, "250 OK");
            } else {
                reply(out, "502 Command not implemented");
            }
        }
    }

    private static void reply(PrintWriter out, String text) {
        out.print(text + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
