package io.credagent.http;

import io.credagent.chain.Environment;
import io.credagent.log.Log;
import software.amazon.awssdk.http.urlconnection.UrlConnectionFactory;

import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the connections of credagent's own STS, SSO, SSO-OIDC and Sign-In calls, on
 * {@link SocketHttpConnection}s, along their route: the AWS CLI's proxy variables
 * ({@link ProxyRoute}), else what the JVM's {@link ProxySelector} says for the URI (its
 * {@code https.proxyHost}, {@code http.nonProxyHosts}, {@code java.net.useSystemProxies}, or the
 * application's own selector), exactly as for the application's own connections: when the
 * selector gives several, one that cannot be reached is reported to it and the next is tried.
 */
final class ProxiedConnections implements UrlConnectionFactory {

    /** Routes already reported, so each proxy is named once. */
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

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
        HttpURLConnection connection = open(uri);
        // A factory of one's own gets none of the client's settings: the SDK's timeouts are set here.
        connection.setConnectTimeout(connectTimeoutMillis);
        connection.setReadTimeout(readTimeoutMillis);
        return connection;
    }

    private HttpURLConnection open(URI uri) {
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
        try {
            if (route == null) {
                ProxySelector selector = ProxySelector.getDefault();
                return new SocketHttpConnection(uri.toURL(), jvmProxies(selector, uri), selector, null);
            }
            if (REPORTED.add(route.describe())) {
                Log.debug("calls to " + uri.getScheme() + " endpoints go through the proxy of " + route.describe());
            }
            return new SocketHttpConnection(uri.toURL(), route.proxy(), route.credentials());
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM's choices for {@code uri}, in its order (a PAC file or the system's settings may give several), or none. */
    private static List<Proxy> jvmProxies(ProxySelector selector, URI uri) {
        List<Proxy> proxies = selector == null ? null : selector.select(uri);
        return proxies == null || proxies.isEmpty() ? Collections.singletonList(Proxy.NO_PROXY) : new ArrayList<>(proxies);
    }

    private static int saturatedMillis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
