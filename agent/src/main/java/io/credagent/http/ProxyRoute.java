package io.credagent.http;

import io.credagent.chain.Environment;

import java.io.UnsupportedEncodingException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.util.Locale;

/**
 * How credagent's own calls (STS, the SSO portal, SSO-OIDC) reach a URI: as the JVM would, or
 * through the proxy the AWS CLI's environment variables name.
 *
 * <ol>
 *   <li>The JVM's settings first: {@code https.proxyHost} for an https URI, {@code http.proxyHost}
 *       for an http one, or {@code java.net.useSystemProxies=true}. The route is then the JVM's
 *       proxy selector's, with {@code http.nonProxyHosts}, exactly as for the application's own
 *       connections.</li>
 *   <li>Else the environment, as the AWS CLI reads it: {@code https_proxy}/{@code HTTPS_PROXY} for
 *       https, {@code http_proxy}/{@code HTTP_PROXY} for http (lower case wins, as in Python),
 *       {@code user:password@} in the URL, and {@code no_proxy}/{@code NO_PROXY}: {@code *}, or
 *       hosts and domains ({@code example.com} and {@code .example.com} both cover sub-domains),
 *       each optionally with {@code :port} (which also matches the scheme's default port).</li>
 *   <li>Else directly.</li>
 * </ol>
 *
 * Instance metadata and container endpoints never take this route: the SDK opens those without a
 * proxy, as every AWS SDK does.
 */
public final class ProxyRoute {

    private final Proxy proxy;
    private final String user;
    private final String password;
    private final String variable;

    private ProxyRoute(Proxy proxy, String user, String password, String variable) {
        this.proxy = proxy;
        this.user = user;
        this.password = password;
        this.variable = variable;
    }

    /** The route to {@code uri}: {@code null} to connect as the JVM would (its proxy selector). */
    public static ProxyRoute to(URI uri, Environment environment) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return null;
        }
        if (notBlank(environment.systemProperty(scheme + ".proxyHost"))
                || "true".equalsIgnoreCase(environment.systemProperty("java.net.useSystemProxies"))) {
            return null; // the JVM's proxy selector decides, as for the application
        }
        // As Python (the AWS CLI): the lower-case name wins when it is set at all, even to nothing.
        String lower = scheme + "_proxy";
        String upper = lower.toUpperCase(Locale.ROOT);
        String variable = environment.env(lower) != null ? lower : upper;
        String value = environment.env(variable);
        if (!notBlank(value) || bypassed(uri, environment)) {
            return null;
        }
        return parse(value.trim(), variable);
    }

    /**
     * {@code http://user:password@host:port}, or {@code host:port} (http assumed). A value that
     * cannot be used throws {@link IllegalArgumentException} with a message that names the variable
     * and never quotes the value (it may hold a password).
     */
    static ProxyRoute parse(String value, String variable) {
        URI proxyUri;
        try {
            proxyUri = new URI(value.contains("://") ? value : "http://" + value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(variable + " is not a proxy URL (" + e.getReason() + " at index "
                    + e.getIndex() + "); set it as http://host:port or http://user:password@host:port, with "
                    + "reserved characters in the user and password percent-encoded");
        }
        if (!"http".equalsIgnoreCase(proxyUri.getScheme())) {
            throw new IllegalArgumentException(variable + " names a " + proxyUri.getScheme() + ":// proxy; credagent "
                    + "reaches proxies over plain http only: set it as http://host:port");
        }
        if (proxyUri.getHost() == null || proxyUri.getPort() > 65535) {
            throw new IllegalArgumentException(variable + " has no usable host and port; set it as http://host:port or "
                    + "http://user:password@host:port, with reserved characters in the password percent-encoded");
        }
        int port = proxyUri.getPort() == -1 ? 80 : proxyUri.getPort();
        String user = null;
        String password = null;
        String userInfo = proxyUri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        return new ProxyRoute(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxyUri.getHost(), port)),
                user, password, variable);
    }

    private static boolean bypassed(URI uri, Environment environment) {
        String noProxy = environment.env("no_proxy") != null ? environment.env("no_proxy") : environment.env("NO_PROXY");
        if (!notBlank(noProxy)) {
            return false;
        }
        if (noProxy.trim().equals("*")) {
            return true;
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        for (String raw : noProxy.split(",")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(']') < colon && entry.substring(colon + 1).matches("\\d+")) {
                if (Integer.parseInt(entry.substring(colon + 1)) != port) {
                    continue;
                }
                entry = entry.substring(0, colon);
            }
            String domain = entry.startsWith(".") ? entry.substring(1) : entry;
            if (!domain.isEmpty() && (host.equals(domain) || host.endsWith("." + domain))) {
                return true;
            }
        }
        return false;
    }

    Proxy proxy() {
        return proxy;
    }

    /** The proxy's credentials from its URL, or null when it has none. */
    SocketHttpConnection.ProxyCredentials credentials() {
        return user == null ? null : new SocketHttpConnection.ProxyCredentials(user, password);
    }

    /** {@code HTTPS_PROXY 127.0.0.1:3128}: for messages; never the credentials. */
    public String describe() {
        InetSocketAddress address = (InetSocketAddress) proxy.address();
        return variable + " " + address.getHostString() + ":" + address.getPort();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), "UTF-8");
        } catch (UnsupportedEncodingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.trim().isEmpty();
    }
}
