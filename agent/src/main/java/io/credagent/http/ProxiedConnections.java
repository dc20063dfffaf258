package io.credagent.http;

import io.credagent.chain.Environment;
import io.credagent.chain.Lazy;
import io.credagent.log.Log;
import software.amazon.awssdk.http.SystemPropertyTlsKeyManagersProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionFactory;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the connections of credagent's own STS, SSO and SSO-OIDC calls along their
 * {@link ProxyRoute}. Proxy credentials from the environment go, for http, in the request's
 * {@code Proxy-Authorization}; for https, to the tunnel's {@code CONNECT} through an authenticator
 * of that route alone (never the JVM-wide one, which is the application's).
 *
 * <p>TLS is set up as the SDK's own factory does it (the JVM's trust store, key managers from the
 * {@code javax.net.ssl.keyStore} properties), on each connection: never the JVM-wide default socket
 * factory, which the application may have replaced (a trust-all one, or one for its own CA only).
 */
final class ProxiedConnections implements UrlConnectionFactory {

    /** Routes already reported, so each proxy is named once. */
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    /** One authenticator per proxy and user, so the JDK can reuse what a proxy accepted. */
    private static final Map<String, Authenticator> AUTHENTICATORS = new ConcurrentHashMap<>();
    private static final Lazy<SSLSocketFactory> TLS = new Lazy<>(ProxiedConnections::sslSocketFactory);
    /** Read once, as the JDK reads it once. */
    private static final Lazy<String> TUNNELING_DISABLED = new Lazy<>(TunnelingSchemes::disabled);

    private final Environment environment;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    ProxiedConnections(Environment environment, Duration connectTimeout, Duration readTimeout) {
        this.environment = environment;
        this.connectTimeoutMillis = saturatedMillis(connectTimeout);
        this.readTimeoutMillis = saturatedMillis(readTimeout);
    }

    @Override
    public HttpURLConnection createConnection(URI uri) {
        try {
            HttpURLConnection connection = open(uri);
            // A factory of one's own gets none of the client's settings: the SDK's timeouts and TLS are set here.
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(readTimeoutMillis);
            if (connection instanceof HttpsURLConnection) {
                ((HttpsURLConnection) connection).setSSLSocketFactory(TLS.get());
            }
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpURLConnection open(URI uri) throws IOException {
        ProxyRoute route;
        try {
            route = ProxyRoute.to(uri, environment);
        } catch (IllegalArgumentException unusable) {
            // Said once; the connection is made as the JVM would make it (as credagent did before it read these variables).
            if (REPORTED.add("unusable " + unusable.getMessage())) {
                Log.error("ignoring the proxy setting: " + unusable.getMessage());
            }
            route = null;
        }
        if (route == null) {
            return (HttpURLConnection) uri.toURL().openConnection();
        }
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(route.proxy());
        if (REPORTED.add(route.describe())) {
            Log.debug("calls to " + uri.getScheme() + " endpoints go through the proxy of " + route.describe());
        }
        if (route.hasCredentials()) {
            if ("https".equalsIgnoreCase(uri.getScheme())) {
                authenticateTunnel(connection, route);
            } else {
                String token = route.user() + ":" + new String(route.password());
                connection.setRequestProperty("Proxy-Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return connection;
    }

    private static int saturatedMillis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    private static SSLSocketFactory sslSocketFactory() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(SystemPropertyTlsKeyManagersProvider.create().keyManagers(), null, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not set up TLS for credagent's own calls: " + e, e);
        }
    }

    private static void authenticateTunnel(HttpURLConnection connection, ProxyRoute route) {
        String disabled = TUNNELING_DISABLED.get();
        if (disabled.toLowerCase(Locale.ROOT).contains("basic") && REPORTED.add(route.describe() + " basic")) {
            Log.error("the proxy of " + route.describe() + " has credentials, but this JVM sends no Basic credentials "
                    + "to proxies for https (jdk.http.auth.tunneling.disabledSchemes); start it with "
                    + "-Djdk.http.auth.tunneling.disabledSchemes= to allow them");
        }
        try {
            Method setAuthenticator = HttpURLConnection.class.getMethod("setAuthenticator", Authenticator.class);
            setAuthenticator.invoke(connection, AUTHENTICATORS.computeIfAbsent(route.describe() + " " + route.user(),
                    key -> new ProxyAuthenticator(route)));
        } catch (NoSuchMethodException java8) {
            if (REPORTED.add(route.describe() + " java8")) {
                Log.error("the proxy of " + route.describe() + " has credentials, but sending them for https needs "
                        + "Java 9 or later (Java 8 has no per-connection authenticator)");
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not give the proxy's credentials to the connection: " + e, e);
        }
    }

    /** Answers the proxy's challenge only, with the credentials from the proxy URL. */
    private static final class ProxyAuthenticator extends Authenticator {
        private final ProxyRoute route;

        ProxyAuthenticator(ProxyRoute route) {
            this.route = route;
        }

        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
            return getRequestorType() == RequestorType.PROXY ? new PasswordAuthentication(route.user(), route.password()) : null;
        }
    }
}
