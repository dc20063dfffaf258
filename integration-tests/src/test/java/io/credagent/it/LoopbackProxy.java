package io.credagent.it;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An HTTP proxy on 127.0.0.1 that sends everything to one port (the fake AWS), whatever host the
 * client asks for: requests in absolute form ({@code GET http://host:port/path}), and
 * {@code CONNECT host:port} tunnels, whose TLS it terminates with {@link TestTls}'s certificate
 * for {@code *.fake.test}. It records each request line it accepted, and can demand Basic
 * credentials ({@code 407} without them, as a corporate proxy does).
 */
final class LoopbackProxy implements AutoCloseable {
    private final int targetPort;
    private final SSLContext tls;
    private final String requiredCredentials;
    private final ServerSocket listener;
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    /** @param userColonPassword credentials to demand, or null for none */
    LoopbackProxy(int targetPort, SSLContext tls, String userColonPassword) throws IOException {
        this.targetPort = targetPort;
        this.tls = tls;
        this.requiredCredentials = userColonPassword == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptAll, "loopback-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code 127.0.0.1:port}. */
    String hostPort() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Request lines it forwarded, e.g. {@code CONNECT sso.fake.test:8443}. */
    List<String> accepted() {
        return List.copyOf(accepted);
    }

    /** Request lines it answered with 407. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    private void acceptAll() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread handler = new Thread(() -> handle(client), "loopback-proxy-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (Socket c = client) {
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            String requestLine = readLine(in);
            List<String> headers = new ArrayList<>();
            for (String h; !(h = readLine(in)).isEmpty(); ) {
                headers.add(h);
            }
            if (requestLine.isEmpty()) {
                return;
            }
            if (requiredCredentials != null && !requiredCredentials.equals(header(headers, "Proxy-Authorization"))) {
                refused.add(requestLine.substring(0, requestLine.lastIndexOf(' ')));
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"loopback\"\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            String[] parts = requestLine.split(" ");
            accepted.add(parts[0] + " " + parts[1]);
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
                if (parts[0].equals("CONNECT")) {
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    SSLSocket inside = (SSLSocket) tls.getSocketFactory().createSocket(c, new ByteArrayInputStream(new byte[0]), true);
                    inside.setUseClientMode(false);
                    inside.startHandshake();
                    pump(inside.getInputStream(), inside.getOutputStream(), upstream);
                } else {
                    URI target = URI.create(parts[1]);
                    StringBuilder forwarded = new StringBuilder(parts[0]).append(' ').append(target.getRawPath())
                            .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery()).append(" HTTP/1.1\r\n");
                    for (String h : headers) {
                        String name = h.substring(0, h.indexOf(':')).trim().toLowerCase();
                        if (!name.startsWith("proxy-") && !name.equals("connection")) {
                            forwarded.append(h).append("\r\n");
                        }
                    }
                    forwarded.append("Connection: close\r\n\r\n");
                    upstream.getOutputStream().write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
                    pump(in, out, upstream);
                }
            }
        } catch (IOException e) {
            // the client or the fake went away: nothing to forward any more
        }
    }

    /** Client to upstream on a thread of its own, upstream to client here, until upstream is done. */
    private static void pump(InputStream clientIn, OutputStream clientOut, Socket upstream) throws IOException {
        Thread up = new Thread(() -> {
            try {
                clientIn.transferTo(upstream.getOutputStream());
            } catch (IOException done) {
                // closed
            }
        }, "loopback-proxy-up");
        up.setDaemon(true);
        up.start();
        upstream.getInputStream().transferTo(clientOut);
        clientOut.flush();
    }

    private static String header(List<String> headers, String name) {
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return h.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** One CRLF-terminated line, byte by byte: nothing after it is consumed (the TLS handshake follows). */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1 && b != '\n'; ) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

}
