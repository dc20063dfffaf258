package io.credagent.http;

import io.credagent.log.Log;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange of credagent's own over a socket of its own, behind the
 * {@link HttpURLConnection} interface the SDK's url-connection client and its instance metadata and
 * container fetchers speak. Other agents instrument the JDK's connection classes
 * ({@code sun.net.www.protocol.http.*}) and would trace credagent's calls as the application's;
 * this class is not one of them.
 *
 * <p>The request is sent with {@code Connection: close} and its body buffered (credagent's requests
 * are a few hundred bytes), when the response is first asked for. Through an HTTP proxy, an https
 * URL gets a {@code CONNECT} tunnel and an http URL the absolute form; the proxy's credentials go as
 * Basic, up front when the route has them, else after a 407 from the JVM's {@link Authenticator}
 * (as the JDK does for its own connections). TLS verifies the host name as browsers do.
 */
public final class SocketHttpConnection extends HttpURLConnection {

    private static final int MAX_HEADER_LINE = 16 * 1024;
    private static final int MAX_HEADER_LINES = 256;
    /** Read once, as the JDK reads it once. */
    private static final io.credagent.chain.Lazy<String> TUNNELING_DISABLED = new io.credagent.chain.Lazy<>(TunnelingSchemes::disabled);

    /** The routes to try, in order; once connected, the one taken. */
    private List<Proxy> candidates;
    /** Told of each proxy that cannot be reached, as the JDK tells it; null when the route is not a selector's. */
    private final ProxySelector selector;
    private Proxy proxy;
    /** The route's, or what the JVM's authenticator gave after a 407. */
    private ProxyCredentials credentials;

    private Map<String, List<String>> requestHeaders;
    private ByteArrayOutputStream body;
    private Socket socket;
    private InputStream received;
    private Map<String, List<String>> responseHeaders;
    private List<String> headerLines;
    private InputStream responseBody;
    /** Why the exchange failed: asked again, the same failure, never the request sent twice. */
    private IOException failure;

    /**
     * @param proxy       {@link Proxy#NO_PROXY}, an HTTP proxy or a SOCKS proxy
     * @param credentials the HTTP proxy's credentials, or null to ask the JVM's authenticator on a 407
     */
    SocketHttpConnection(URL url, Proxy proxy, ProxyCredentials credentials) {
        this(url, Collections.singletonList(proxy), null, credentials);
    }

    /**
     * @param candidates what {@code selector} gave for the URL, in its order (not empty)
     * @param selector   told of each proxy that cannot be reached
     */
    SocketHttpConnection(URL url, List<Proxy> candidates, ProxySelector selector, ProxyCredentials credentials) {
        super(url);
        this.candidates = candidates;
        this.selector = selector;
        this.proxy = candidates.get(0);
        this.credentials = credentials;
    }

    /** A connection that never takes a proxy: instance metadata and container endpoints, as every AWS SDK does. */
    public static HttpURLConnection withoutProxy(URL url) {
        return new SocketHttpConnection(url, Proxy.NO_PROXY, null);
    }

    @Override
    public void connect() throws IOException {
        if (connected) {
            return;
        }
        rethrowEarlierFailure();
        requestHeaders = getRequestProperties();
        try {
            socket = open();
        } catch (IOException | RuntimeException e) {
            throw failed(e);
        }
        connected = true;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        if (!doOutput) {
            throw new ProtocolException("cannot write to a URLConnection if doOutput=false - call setDoOutput(true)");
        }
        if (responseHeaders != null) {
            throw new ProtocolException("cannot write output after reading input");
        }
        if (body == null) {
            body = new ByteArrayOutputStream();
        }
        return body;
    }

    @Override
    public int getResponseCode() throws IOException {
        exchange();
        return responseCode;
    }

    @Override
    public String getResponseMessage() throws IOException {
        exchange();
        return responseMessage;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        exchange();
        if (responseCode >= 400) {
            String message = "Server returned HTTP response code: " + responseCode + " for URL: " + url;
            throw responseCode == 404 || responseCode == 410 ? new FileNotFoundException(message) : new IOException(message);
        }
        return responseBody;
    }

    @Override
    public InputStream getErrorStream() {
        return responseHeaders != null && responseCode >= 400 ? responseBody : null;
    }

    @Override
    public Map<String, List<String>> getHeaderFields() {
        try {
            exchange();
        } catch (IOException e) {
            return Collections.emptyMap();
        }
        return responseHeaders;
    }

    @Override
    public String getHeaderField(String name) {
        return lastValue(getHeaderFields(), name);
    }

    @Override
    public void setRequestProperty(String key, String value) {
        super.setRequestProperty(key, checked(key, value));
    }

    @Override
    public void addRequestProperty(String key, String value) {
        super.addRequestProperty(key, checked(key, value));
    }

    /** As the JDK: a line break in a header would end the request's head early. */
    private static String checked(String key, String value) {
        if (key != null && (key.indexOf('\r') >= 0 || key.indexOf('\n') >= 0)
                || value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException("a line break in the request header " + key);
        }
        return value;
    }

    @Override
    public String getHeaderField(int n) {
        getHeaderFields();
        if (headerLines == null || n < 0 || n >= headerLines.size()) {
            return null;
        }
        String line = headerLines.get(n);
        int colon = line.indexOf(':');
        return n == 0 || colon < 0 ? line : line.substring(colon + 1).trim();
    }

    @Override
    public String getHeaderFieldKey(int n) {
        getHeaderFields();
        if (headerLines == null || n <= 0 || n >= headerLines.size()) {
            return null;
        }
        String line = headerLines.get(n);
        int colon = line.indexOf(':');
        return colon < 0 ? null : line.substring(0, colon).trim();
    }

    @Override
    public void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing: nothing left to do with this connection
            }
        }
    }

    @Override
    public boolean usingProxy() {
        return proxy.type() != Proxy.Type.DIRECT;
    }

    // ---- the exchange ----------------------------------------------------------------------------

    private void exchange() throws IOException {
        if (responseHeaders != null) {
            return;
        }
        rethrowEarlierFailure();
        try {
            connect();
            boolean viaProxy = !isHttps() && proxy.type() == Proxy.Type.HTTP;
            List<String> head = send(viaProxy);
            if (viaProxy && statusOf(head.get(0)) == 407 && credentials == null
                    && (credentials = askAuthenticator(head, false)) != null) {
                disconnect();
                socket = open();
                head = send(true);
            }
            setResponse(head, received);
        } catch (IOException | RuntimeException e) {
            disconnect();
            throw failed(e);
        }
    }

    private void rethrowEarlierFailure() throws IOException {
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
    }

    /** Remembers why the exchange failed, so that a later call says the same instead of trying again. */
    private IOException failed(Exception e) {
        failure = e instanceof IOException ? (IOException) e : new IOException(e.toString(), e);
        return failure;
    }

    /** Sends the request; returns the final response's head (after any 100 Continue). */
    private List<String> send(boolean absoluteForm) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(requestHead(absoluteForm).getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            body.writeTo(out);
        }
        out.flush();
        received = new BufferedInputStream(socket.getInputStream());
        List<String> head = readHead(received);
        while (statusOf(head.get(0)) / 100 == 1) {
            head = readHead(received);
        }
        return head;
    }

    private String requestHead(boolean absoluteForm) {
        StringBuilder head = new StringBuilder();
        String target = absoluteForm ? url.toExternalForm() : (url.getFile().isEmpty() ? "/" : url.getFile());
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean hostGiven = false;
        for (Map.Entry<String, List<String>> header : requestHeaders.entrySet()) {
            String name = header.getKey();
            if (name == null || isFramingHeader(name)) {
                continue;
            }
            hostGiven |= name.equalsIgnoreCase("Host");
            for (String value : header.getValue()) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        }
        if (!hostGiven) {
            head.append("Host: ").append(authority()).append("\r\n");
        }
        if (body != null || method.equals("POST") || method.equals("PUT")) {
            head.append("Content-Length: ").append(body == null ? 0 : body.size()).append("\r\n");
        }
        if (absoluteForm && credentials != null) {
            head.append("Proxy-Authorization: ").append(credentials.basic()).append("\r\n");
        }
        return head.append("Connection: close\r\n\r\n").toString();
    }

    private static boolean isFramingHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("content-length") || lower.equals("transfer-encoding") || lower.equals("connection")
                || lower.equals("proxy-authorization");
    }

    private void setResponse(List<String> head, InputStream in) throws IOException {
        int status = statusOf(head.get(0));
        String[] parts = head.get(0).split(" ", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put(null, Collections.singletonList(head.get(0)));
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        InputStream bodyStream = bodyOf(in, status, headers);
        responseCode = status;
        responseMessage = parts.length > 2 ? parts[2] : "";
        headerLines = head;
        responseBody = bodyStream;
        responseHeaders = Collections.unmodifiableMap(headers); // last: from here on the exchange is done
    }

    private InputStream bodyOf(InputStream in, int status, Map<String, List<String>> headers) throws IOException {
        if (method.equals("HEAD") || status == 204 || status == 304) {
            socket.close();
            return new ByteArrayInputStream(new byte[0]);
        }
        String encoding = lastValue(headers, "Transfer-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new ChunkedBody(in, socket);
        }
        String length = lastValue(headers, "Content-Length");
        if (length != null) {
            try {
                return new LengthBody(in, Long.parseLong(length.trim()), socket);
            } catch (NumberFormatException e) {
                throw new IOException("the response from " + url.getHost() + " has a Content-Length that is not a number");
            }
        }
        return new LengthBody(in, Long.MAX_VALUE, socket); // until the server closes
    }

    private static String lastValue(Map<String, List<String>> headers, String name) {
        List<String> values = null;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) {
                values = header.getValue();
            }
        }
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    // ---- the connection --------------------------------------------------------------------------

    private Socket open() throws IOException {
        Socket raw = connectToFirstReachable();
        try {
            raw.setSoTimeout(getReadTimeout());
            if (!isHttps()) {
                return raw;
            }
            if (proxy.type() == Proxy.Type.HTTP && !tunnel(raw)) {
                raw.close();
                return open();
            }
            return tls(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * The JDK's rule for a proxy selector's list: a proxy that cannot be reached is reported to the
     * selector and the next one is tried; a direct connection that fails, or the last proxy's
     * failure, is the error. Once connected, the route is fixed (a second round after a 407 goes
     * to the same proxy).
     */
    private Socket connectToFirstReachable() throws IOException {
        for (Iterator<Proxy> next = candidates.iterator(); ; ) {
            proxy = next.next();
            Socket raw = proxy.type() == Proxy.Type.SOCKS ? new Socket(proxy) : new Socket(Proxy.NO_PROXY);
            try {
                InetSocketAddress target = proxy.type() == Proxy.Type.HTTP
                        ? resolved((InetSocketAddress) proxy.address())
                        : proxy.type() == Proxy.Type.SOCKS
                        ? InetSocketAddress.createUnresolved(url.getHost(), port())
                        : new InetSocketAddress(url.getHost(), port());
                raw.connect(target, getConnectTimeout());
                candidates = Collections.singletonList(proxy);
                return raw;
            } catch (IOException e) {
                raw.close();
                if (proxy.type() == Proxy.Type.DIRECT) {
                    throw e;
                }
                reportUnreachable(e, next.hasNext());
                if (!next.hasNext()) {
                    throw e;
                }
            } catch (RuntimeException e) {
                raw.close();
                throw e;
            }
        }
    }

    private void reportUnreachable(IOException e, boolean another) {
        if (another) {
            Log.debug("the proxy " + proxy.address() + " cannot be reached (" + e.getMessage()
                    + "); trying the next route the JVM's proxy selector gives");
        }
        if (selector != null) {
            try {
                selector.connectFailed(URI.create(url.toExternalForm()), proxy.address(), e);
            } catch (RuntimeException selectorFailure) {
                Log.debug("the JVM's proxy selector failed on connectFailed: " + selectorFailure);
            }
        }
    }

    /**
     * Opens a {@code CONNECT} tunnel: true when it is open, false when the proxy asked for
     * credentials the route lacked and the JVM's authenticator gave some (then try again).
     */
    private boolean tunnel(Socket raw) throws IOException {
        String authority = url.getHost() + ":" + port();
        StringBuilder connect = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ")
                .append(authority).append("\r\n");
        if (credentials != null) {
            connect.append("Proxy-Authorization: ").append(credentials.basic()).append("\r\n");
        }
        OutputStream out = raw.getOutputStream();
        out.write(connect.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        List<String> head = readHead(raw.getInputStream()); // unbuffered: TLS reads what follows
        int status = statusOf(head.get(0));
        if (status / 100 == 2) {
            return true;
        }
        if (status == 407 && credentials == null && (credentials = askAuthenticator(head, true)) != null) {
            return false;
        }
        InetSocketAddress address = (InetSocketAddress) proxy.address();
        throw new IOException("the proxy " + address.getHostString() + ":" + address.getPort() + " refused to open a tunnel to "
                + authority + ": " + head.get(0) + (status != 407 ? "" : credentials == null
                ? " (it wants credentials: put them in the proxy URL; an Authenticator of the JVM is asked only for"
                + " Basic, and for https only where jdk.http.auth.tunneling.disabledSchemes allows Basic)"
                : " (it refused the credentials)"));
    }

    /**
     * What the JVM's authenticator (the application's, if it set one) gives for this proxy, or null:
     * asked only when the proxy offers Basic (credagent speaks no other scheme), and for a tunnel
     * only where the JVM itself would send Basic ({@code jdk.http.auth.tunneling.disabledSchemes}).
     */
    private ProxyCredentials askAuthenticator(List<String> head, boolean tunnel) {
        String realm = null;
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            String value = colon < 0 ? "" : line.substring(colon + 1).trim();
            if (line.substring(0, Math.max(colon, 0)).trim().equalsIgnoreCase("Proxy-Authenticate")
                    && value.toLowerCase(Locale.ROOT).startsWith("basic")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("realm=\"([^\"]*)\"").matcher(value);
                realm = m.find() ? m.group(1) : "";
            }
        }
        if (realm == null || tunnel && TUNNELING_DISABLED.get().toLowerCase(Locale.ROOT).contains("basic")) {
            return null;
        }
        InetSocketAddress address = (InetSocketAddress) proxy.address();
        PasswordAuthentication answer = Authenticator.requestPasswordAuthentication(address.getHostString(),
                address.getAddress(), address.getPort(), "http", realm, "Basic", url, Authenticator.RequestorType.PROXY);
        return answer == null ? null : new ProxyCredentials(answer.getUserName(), new String(answer.getPassword()));
    }

    private Socket tls(Socket raw) throws IOException {
        SSLSocket tls = (SSLSocket) OwnTls.socketFactory().createSocket(raw, url.getHost(), port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    private static InetSocketAddress resolved(InetSocketAddress address) {
        return address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
    }

    private boolean isHttps() {
        return "https".equalsIgnoreCase(url.getProtocol());
    }

    private int port() {
        return url.getPort() != -1 ? url.getPort() : url.getDefaultPort();
    }

    private String authority() {
        return url.getPort() == -1 || url.getPort() == url.getDefaultPort() ? url.getHost() : url.getHost() + ":" + url.getPort();
    }

    private static int statusOf(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
    }

    /** The status line and header lines, up to the empty line. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line; !(line = readLine(in)).isEmpty(); ) {
            if (lines.size() >= MAX_HEADER_LINES) {
                throw new IOException("an HTTP response with more than " + MAX_HEADER_LINES + " header lines");
            }
            lines.add(line);
        }
        if (lines.isEmpty()) {
            throw new IOException("empty HTTP response");
        }
        return lines;
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c == -1) {
                throw new IOException("the connection closed in the middle of an HTTP response");
            }
            if (line.length() > MAX_HEADER_LINE) {
                throw new IOException("an HTTP response line longer than " + MAX_HEADER_LINE + " bytes");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** A proxy's user and password, sent as HTTP Basic. */
    static final class ProxyCredentials {
        private final String user;
        private final String password;

        ProxyCredentials(String user, String password) {
            this.user = user;
            this.password = password;
        }

        String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }
}
