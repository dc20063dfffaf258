package io.credagent.fake;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A PostgreSQL endpoint on 127.0.0.1 that accepts only RDS IAM authentication: the password must be
 * an RDS auth token (a SigV4-presigned {@code connect} for this host, port and user, service
 * {@code rds-db}) signed by keys the fake issued, as Amazon RDS checks it. Speaks the protocol 3.0
 * start-up (refusing TLS), cleartext password authentication and the simple query protocol, enough
 * for pgjdbc's connect and a {@code select 1}. Each login attempt is recorded.
 */
public final class FakePostgres implements AutoCloseable {

    /** One login: who asked, and who signed the token (null when it was refused). */
    public record Login(String user, String callerArn, String refusal) {
        public boolean ok() {
            return refusal == null;
        }
    }

    private final SigV4Verifier verifier;
    private final ServerSocket listener;
    private final List<Login> logins = new CopyOnWriteArrayList<>();

    FakePostgres(Principals principals) {
        this.verifier = SigV4Verifier.forRdsTokens(principals);
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptAll, "fake-postgres");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public List<Login> logins() {
        return List.copyOf(logins);
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void acceptAll() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                Thread session = new Thread(() -> serve(socket), "fake-postgres-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (Socket s = socket) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            Map<String, String> startup = readStartup(in, out);
            String user = startup.get("user");
            message(out, 'R', int32(3)); // AuthenticationCleartextPassword
            out.flush();
            if (in.readByte() != 'p') {
                return;
            }
            byte[] password = new byte[in.readInt() - 4];
            in.readFully(password);
            String token = new String(password, 0, password.length - 1, StandardCharsets.UTF_8);
            String refusal = null;
            String callerArn = null;
            try {
                callerArn = verify(token, user).arn();
            } catch (AwsError e) {
                refusal = e.code + ": " + e.getMessage();
            }
            logins.add(new Login(user, callerArn, refusal));
            if (refusal != null) {
                error(out, "28P01", "PAM authentication failed for user \"" + user + "\" (" + refusal + ")");
                out.flush();
                return;
            }
            message(out, 'R', int32(0)); // AuthenticationOk
            for (String[] p : new String[][] {{"server_version", "16.4"}, {"server_encoding", "UTF8"},
                    {"client_encoding", "UTF8"}, {"DateStyle", "ISO, MDY"}, {"integer_datetimes", "on"},
                    {"standard_conforming_strings", "on"}, {"TimeZone", "UTC"}}) {
                message(out, 'S', cstrings(p[0], p[1]));
            }
            message(out, 'K', concat(int32(4242), int32(2424)));
            ready(out);
            queries(in, out);
        } catch (IOException e) {
            // the client went away
        }
    }

    /** The token must be {@code 127.0.0.1:<port>/?...&DBUser=<user>&Action=connect...}, presigned. */
    private Principal verify(String token, String user) throws AwsError {
        String hostPort = "127.0.0.1:" + port();
        if (!token.startsWith(hostPort + "/?")) {
            throw new AwsError(403, "AccessDenied", "the token is not for " + hostPort + ": "
                    + token.substring(0, Math.min(token.length(), 30)) + "...");
        }
        String query = token.substring(hostPort.length() + 2);
        Map<String, String> params = new HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(pair.substring(0, eq), SigV4Verifier.percentDecode(pair.substring(eq + 1)));
            }
        }
        if (!"connect".equals(params.get("Action")) || !user.equals(params.get("DBUser"))) {
            throw new AwsError(403, "AccessDenied", "the token does not connect user " + user);
        }
        return verifier.verifyPresigned(hostPort, query, Instant.now());
    }

    private static Map<String, String> readStartup(DataInputStream in, DataOutputStream out) throws IOException {
        while (true) {
            int length = in.readInt();
            int code = in.readInt();
            if (code == 80877103 || code == 80877104) { // SSLRequest, GSSENCRequest: no
                out.writeByte('N');
                out.flush();
                continue;
            }
            byte[] body = new byte[length - 8];
            in.readFully(body);
            Map<String, String> params = new HashMap<>();
            String[] parts = new String(body, StandardCharsets.UTF_8).split("\0");
            for (int i = 0; i + 1 < parts.length; i += 2) {
                params.put(parts[i], parts[i + 1]);
            }
            return params;
        }
    }

    /** Simple queries: {@code SET ...} succeeds, {@code select 1} returns 1, anything else is an error. */
    private static void queries(DataInputStream in, DataOutputStream out) throws IOException {
        while (true) {
            byte type = in.readByte();
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            if (type == 'X') {
                return;
            }
            if (type != 'Q') {
                error(out, "0A000", "only the simple query protocol is supported (preferQueryMode=simple)");
                ready(out);
                continue;
            }
            String sql = new String(body, 0, body.length - 1, StandardCharsets.UTF_8).trim();
            if (sql.toUpperCase().startsWith("SET ")) {
                message(out, 'C', cstrings("SET"));
            } else if (sql.equalsIgnoreCase("select 1")) {
                message(out, 'T', concat(int16(1), cstrings("?column?"), int32(0), int16(0), int32(23), int16(4),
                        int32(-1), int16(0)));
                message(out, 'D', concat(int16(1), int32(1), "1".getBytes(StandardCharsets.US_ASCII)));
                message(out, 'C', cstrings("SELECT 1"));
            } else {
                error(out, "42601", "the fake answers only select 1, not: " + sql);
            }
            ready(out);
        }
    }

    private static void ready(DataOutputStream out) throws IOException {
        message(out, 'Z', new byte[] {'I'});
        out.flush();
    }

    private static void error(DataOutputStream out, String sqlState, String text) throws IOException {
        message(out, 'E', concat(new byte[] {'S'}, cstrings("FATAL"), new byte[] {'V'}, cstrings("FATAL"),
                new byte[] {'C'}, cstrings(sqlState), new byte[] {'M'}, cstrings(text), new byte[] {0}));
    }

    private static void message(DataOutputStream out, char type, byte[] body) throws IOException {
        out.writeByte(type);
        out.writeInt(body.length + 4);
        out.write(body);
    }

    private static byte[] cstrings(String... values) {
        StringBuilder all = new StringBuilder();
        for (String v : values) {
            all.append(v).append('\0');
        }
        return all.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] int32(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] int16(int value) {
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
