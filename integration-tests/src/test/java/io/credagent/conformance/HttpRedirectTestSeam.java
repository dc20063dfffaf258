package io.credagent.conformance;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.net.UnknownHostException;

/**
 * The conformance harness's test seam: {@code main(target, cliArgs...)} sends every http and https
 * request of its JVM to one loopback server, as plain http, with the original absolute URL in the
 * header {@value #ORIGINAL_URL_HEADER}, then runs credagent's CLI ({@code io.credagent.entry.AgentEntry})
 * with the remaining arguments in the same JVM. It lives here, in the tests, so that no such switch
 * ships in the product.
 *
 * <p>Why a {@link java.net.URLStreamHandlerFactory}: every HTTP call the bundled SDK makes goes through
 * {@link URL#openConnection}: the url-connection client via {@code URI.toURL().openConnection()}, the
 * instance metadata and container fetchers via {@code openConnection(Proxy.NO_PROXY)}, which a
 * {@link java.net.ProxySelector} would never see. Redirected, they need no DNS and no TLS: the
 * url-connection client only configures TLS when the connection is an {@code HttpsURLConnection}.
 */
final class HttpRedirectTestSeam {

    static final String ORIGINAL_URL_HEADER = "X-Credagent-Test-Original-Url";

    private HttpRedirectTestSeam() {
    }

    /** {@code <http://127.0.0.1:port> <credagent CLI arguments...>}; exit code 2 for any other target. */
    public static void main(String[] args) throws Throwable {
        try {
            install(args[0]);
        } catch (IllegalArgumentException e) {
            System.err.println("credagent: " + e.getMessage());
            System.exit(2);
        }
        String[] cli = java.util.Arrays.copyOfRange(args, 1, args.length);
        Class.forName("io.credagent.entry.AgentEntry").getMethod("main", String[].class).invoke(null, (Object) cli);
    }

    /**
     * @param target {@code http://127.0.0.1:<port>}; anything but a plain-http loopback address is refused
     * @throws IllegalArgumentException for any other target
     * @throws Error                    if this JVM already has a URL stream handler factory
     */
    static void install(String target) {
        final URL base;
        try {
            base = new URL(target);
            if (!"http".equals(base.getProtocol()) || !InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("the test seam needs http://127.0.0.1:<port>, not " + target);
            }
        } catch (MalformedURLException | UnknownHostException e) {
            throw new IllegalArgumentException("the test seam needs http://127.0.0.1:<port>, not " + target, e);
        }
        // base was created before the factory exists, so it holds the JDK's own http handler; a URL
        // resolved against it inherits that handler and never comes back through the factory.
        URL.setURLStreamHandlerFactory(protocol ->
                "http".equals(protocol) || "https".equals(protocol) ? new Redirecting(base, protocol) : null);
    }

    private static final class Redirecting extends URLStreamHandler {
        private final URL base;
        private final int defaultPort;

        Redirecting(URL base, String protocol) {
            this.base = base;
            this.defaultPort = "https".equals(protocol) ? 443 : 80;
        }

        @Override
        protected URLConnection openConnection(URL original) throws IOException {
            return openConnection(original, Proxy.NO_PROXY);
        }

        @Override
        protected URLConnection openConnection(URL original, Proxy ignored) throws IOException {
            String file = original.getFile().isEmpty() ? "/" : original.getFile();
            URL redirected = new URL(base, file);
            if (!redirected.getHost().equals(base.getHost()) || redirected.getPort() != base.getPort()) {
                // A path starting with // would name another host: never let the seam leave loopback.
                throw new IOException("test seam: refusing to redirect " + original + " to " + redirected);
            }
            HttpURLConnection connection = (HttpURLConnection) redirected.openConnection(Proxy.NO_PROXY);
            connection.setRequestProperty(ORIGINAL_URL_HEADER, original.toExternalForm());
            return connection;
        }

        @Override
        protected int getDefaultPort() {
            return defaultPort;
        }

        /** URL.equals/hashCode would otherwise resolve the original host name (DNS) to compare. */
        @Override
        protected InetAddress getHostAddress(URL u) {
            return null;
        }
    }
}
