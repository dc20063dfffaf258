package io.credagent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The HTTP/1.1 exchange on loopback against a scripted server that answers each connection with the next canned response. */
class SocketHttpConnectionTest {

    private final Scripted server = new Scripted();

    @AfterEach
    void stop() throws IOException {
        server.close();
        Authenticator.setDefault(null);
    }

    @Test
    void aPostSendsItsHeadersAndBufferedBodyAndReadsAContentLengthBody() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Amz-Request-Id: r1\r\n\r\nhello");
        HttpURLConnection connection = connection("/path?a=b%20c", Proxy.NO_PROXY);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        connection.setRequestProperty("Content-Length", "999");
        connection.connect();
        try (OutputStream out = connection.getOutputStream()) {
            out.write("Action=GetCallerIdentity".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(200, connection.getResponseCode());
        assertEquals("OK", connection.getResponseMessage());
        assertEquals("r1", connection.getHeaderField("x-amz-request-id"));
        assertEquals("hello", read(connection.getInputStream()));
        String request = server.requests.get(0);
        assertTrue(request.startsWith("POST /path?a=b%20c HTTP/1.1\r\n"), request);
        assertTrue(request.contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n"), request);
        assertTrue(request.contains("\r\nContent-Type: application/x-www-form-urlencoded\r\n"), request);
        assertTrue(request.contains("\r\nContent-Length: 24\r\n") && !request.contains("999"), "the body's own length: " + request);
        assertTrue(request.endsWith("Connection: close\r\n\r\nAction=GetCallerIdentity"), request);
    }

    @Test
    void aChunkedBodyIsDecodedAndInterimResponsesAreSkipped() throws IOException {
        server.answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;ext=1\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nTrailer: x\r\n\r\n");
        assertEquals("{\"a\":1}", read(connection("/", Proxy.NO_PROXY).getInputStream()));
    }

    @Test
    void aBodyWithoutLengthRunsToTheEndOfTheConnection() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\n\r\nuntil close");
        assertEquals("until close", read(connection("/", Proxy.NO_PROXY).getInputStream()));
    }

    @Test
    void aTruncatedBodyIsAnError() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort");
        InputStream body = connection("/", Proxy.NO_PROXY).getInputStream();
        assertThrows(IOException.class, () -> read(body));
    }

    @Test
    void anErrorStatusGivesItsBodyAsTheErrorStreamAsTheJdkDoes() throws IOException {
        server.answer("HTTP/1.1 404 Not Found\r\nContent-Length: 7\r\n\r\nmissing");
        HttpURLConnection connection = connection("/", Proxy.NO_PROXY);
        assertEquals(404, connection.getResponseCode());
        assertThrows(FileNotFoundException.class, connection::getInputStream);
        assertEquals("missing", read(connection.getErrorStream()));
        assertEquals("HTTP/1.1 404 Not Found", connection.getHeaderField(0));
        assertEquals("Content-Length", connection.getHeaderFieldKey(1));
    }

    @Test
    void aSuccessHasNoErrorStreamAndAHeadRequestNoBody() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n");
        HttpURLConnection connection = connection("/", Proxy.NO_PROXY);
        connection.setRequestMethod("HEAD");
        assertEquals(200, connection.getResponseCode());
        assertNull(connection.getErrorStream());
        assertEquals(-1, connection.getInputStream().read());
    }

    @Test
    void throughAnHttpProxyAPlainRequestUsesTheAbsoluteFormAndTheRoutesCredentials() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        HttpURLConnection connection = new SocketHttpConnection(new URL("http://sts.example:8080/x"), server.asProxy(),
                new SocketHttpConnection.ProxyCredentials("user", "pass"));
        assertEquals("ok", read(connection.getInputStream()));
        String request = server.requests.get(0);
        assertTrue(request.startsWith("GET http://sts.example:8080/x HTTP/1.1\r\n"), request);
        assertTrue(request.contains("\r\nHost: sts.example:8080\r\n"), request);
        assertTrue(request.contains("\r\nProxy-Authorization: Basic " + basic("user:pass") + "\r\n"), request);
    }

    @Test
    void aProxyThatWantsCredentialsGetsTheJvmAuthenticatorsOnce() throws IOException {
        List<String> asked = new ArrayList<>();
        Authenticator.setDefault(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                asked.add(getRequestorType() + " " + getRequestingHost() + " " + getRequestingPrompt());
                return new PasswordAuthentication("app-user", "app-pass".toCharArray());
            }
        });
        server.answer("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\n"
                + "Content-Length: 0\r\n\r\n");
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        HttpURLConnection connection = new SocketHttpConnection(new URL("http://sts.example/x"), server.asProxy(), null);
        assertEquals("ok", read(connection.getInputStream()));
        assertEquals(Arrays.asList("PROXY 127.0.0.1 corp"), asked);
        assertTrue(!server.requests.get(0).contains("Proxy-Authorization"), server.requests.get(0));
        assertTrue(server.requests.get(1).contains("\r\nProxy-Authorization: Basic " + basic("app-user:app-pass") + "\r\n"));
    }

    @Test
    void aProxyOfferingOnlyOtherSchemesIsNotGivenTheAuthenticatorsPassword() throws IOException {
        List<String> asked = new ArrayList<>();
        Authenticator.setDefault(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                asked.add(getRequestingScheme());
                return new PasswordAuthentication("app-user", "app-pass".toCharArray());
            }
        });
        server.answer("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: NTLM\r\n"
                + "Content-Length: 0\r\n\r\n");
        HttpURLConnection connection = new SocketHttpConnection(new URL("http://sts.example/x"), server.asProxy(), null);
        assertEquals(407, connection.getResponseCode());
        assertEquals(Arrays.asList(), asked);
    }

    @Test
    void aFailedExchangeIsNotSentAgainAndItsSocketIsClosed() throws IOException {
        server.answer("not http at all\r\n\r\n");
        HttpURLConnection connection = connection("/", Proxy.NO_PROXY);
        IOException first = assertThrows(IOException.class, connection::getResponseCode);
        assertTrue(first.getMessage().startsWith("not an HTTP response"), first.getMessage());
        assertThrows(IOException.class, connection::getInputStream);
        assertEquals(1, server.requests.size(), "sent once");
    }

    @Test
    void aLineBreakInARequestHeaderIsRefusedAsTheJdkRefusesIt() throws IOException {
        HttpURLConnection connection = connection("/", Proxy.NO_PROXY);
        assertThrows(IllegalArgumentException.class, () -> connection.setRequestProperty("Authorization", "token\n"));
    }

    @Test
    void aNegativeChunkSizeIsAnIoError() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n");
        InputStream body = connection("/", Proxy.NO_PROXY).getInputStream();
        assertThrows(IOException.class, () -> read(body));
    }

    @Test
    void aTunnelThatIsRefusedSaysWhyWithoutTheCredentials() throws IOException {
        server.answer("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
        HttpURLConnection connection = new SocketHttpConnection(new URL("https://sso.example/x"), server.asProxy(),
                new SocketHttpConnection.ProxyCredentials("user", "secret-pass"));
        IOException refused = assertThrows(IOException.class, connection::connect);
        assertEquals("the proxy 127.0.0.1:" + server.port() + " refused to open a tunnel to sso.example:443: "
                + "HTTP/1.1 407 Proxy Authentication Required (it refused the credentials)", refused.getMessage());
        assertTrue(server.requests.get(0).startsWith("CONNECT sso.example:443 HTTP/1.1\r\nHost: sso.example:443\r\n"
                + "Proxy-Authorization: Basic " + basic("user:secret-pass") + "\r\n\r\n"), server.requests.get(0));
    }

    @Test
    void aProxyOfTheSelectorsListThatCannotBeReachedIsReportedAndTheNextRouteTaken() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        InetSocketAddress dead = deadAddress();
        RecordingSelector selector = new RecordingSelector();
        URL url = new URL("http://127.0.0.1:" + server.port() + "/x");
        HttpURLConnection connection = new SocketHttpConnection(url,
                Arrays.asList(new Proxy(Proxy.Type.HTTP, dead), Proxy.NO_PROXY), selector, null);
        connection.setConnectTimeout(2000);
        assertEquals("ok", read(connection.getInputStream()));
        assertTrue(server.requests.get(0).startsWith("GET /x HTTP/1.1\r\n"), "went direct: " + server.requests.get(0));
        assertEquals(Arrays.asList("http://127.0.0.1:" + server.port() + "/x " + dead), selector.failed);
        assertTrue(!connection.usingProxy());
    }

    @Test
    void whenNoProxyOfTheListCanBeReachedTheLastFailureIsTheErrorAndEachIsReported() throws IOException {
        InetSocketAddress first = deadAddress();
        InetSocketAddress second = deadAddress();
        RecordingSelector selector = new RecordingSelector();
        HttpURLConnection connection = new SocketHttpConnection(new URL("http://sts.example/x"),
                Arrays.asList(new Proxy(Proxy.Type.HTTP, first), new Proxy(Proxy.Type.HTTP, second)), selector, null);
        connection.setConnectTimeout(2000);
        assertThrows(java.net.ConnectException.class, connection::getResponseCode);
        assertEquals(Arrays.asList("http://sts.example/x " + first, "http://sts.example/x " + second), selector.failed);
    }

    /** A loopback port that nothing listens on. */
    private static InetSocketAddress deadAddress() throws IOException {
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), closed.getLocalPort());
        }
    }

    /** A selector that only records what it is told failed. */
    private static final class RecordingSelector extends java.net.ProxySelector {
        final List<String> failed = new CopyOnWriteArrayList<>();

        @Override
        public List<Proxy> select(java.net.URI uri) {
            throw new UnsupportedOperationException("the connection is given its routes");
        }

        @Override
        public void connectFailed(java.net.URI uri, java.net.SocketAddress address, IOException e) {
            failed.add(uri + " " + address);
        }
    }

    private HttpURLConnection connection(String path, Proxy proxy) throws IOException {
        HttpURLConnection connection = new SocketHttpConnection(new URL("http://127.0.0.1:" + server.port() + path), proxy, null);
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(2000);
        return connection;
    }

    private static String basic(String userPassword) {
        return Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64];
        for (int n; (n = in.read(buffer)) != -1; ) {
            out.write(buffer, 0, n);
        }
        in.close();
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /** Answers the n-th connection with the n-th response, then closes it; keeps what each request sent. */
    private static final class Scripted implements AutoCloseable {
        private final ServerSocket socket;
        private final List<String> responses = new CopyOnWriteArrayList<>();
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final Thread thread;

        Scripted() {
            try {
                socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            thread = new Thread(this::serve, "scripted-http");
            thread.setDaemon(true);
            thread.start();
        }

        void answer(String response) {
            responses.add(response);
        }

        int port() {
            return socket.getLocalPort();
        }

        Proxy asProxy() {
            return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("127.0.0.1", port()));
        }

        private void serve() {
            for (int n = 0; !socket.isClosed(); n++) {
                try (Socket client = socket.accept()) {
                    client.setSoTimeout(300);
                    ByteArrayOutputStream request = new ByteArrayOutputStream();
                    byte[] buffer = new byte[4096];
                    try {
                        for (int read; (read = client.getInputStream().read(buffer)) != -1; ) {
                            request.write(buffer, 0, read);
                        }
                    } catch (java.net.SocketTimeoutException endOfRequest) {
                        // the client waits for the response: the request is all there
                    }
                    requests.add(new String(request.toByteArray(), StandardCharsets.ISO_8859_1));
                    client.getOutputStream().write(responses.get(n).getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException | IndexOutOfBoundsException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
