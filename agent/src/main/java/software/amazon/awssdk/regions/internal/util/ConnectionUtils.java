package software.amazon.awssdk.regions.internal.util;

import io.credagent.http.SocketHttpConnection;
import software.amazon.awssdk.regions.util.ResourcesEndpointProvider;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * credagent's replacement, in its bundled SDK only, of the SDK class of this name (the payload
 * leaves the SDK's own out): the same connection to instance metadata and container endpoints,
 * never through a proxy, but on {@link SocketHttpConnection} instead of the JDK's
 * {@code HttpURLConnection}, which other agents instrument and would trace as the application's.
 */
public class ConnectionUtils {

    /** The SDK's own default when the endpoint gives no timeout. */
    private static final int DEFAULT_TIMEOUT_MILLIS = 1000;

    public static ConnectionUtils create() {
        return new ConnectionUtils();
    }

    public HttpURLConnection connectToEndpoint(URI endpoint, Map<String, String> headers) throws IOException {
        return connectToEndpoint(endpoint, headers, "GET");
    }

    public HttpURLConnection connectToEndpoint(URI endpoint, Map<String, String> headers, String method) throws IOException {
        return connectToEndpoint(endpoint, headers, method, null);
    }

    public HttpURLConnection connectToEndpoint(ResourcesEndpointProvider endpointProvider, String method) throws IOException {
        return connectToEndpoint(endpointProvider.endpoint(), endpointProvider.headers(), method,
                endpointProvider.connectionTimeout().orElse(null));
    }

    private HttpURLConnection connectToEndpoint(URI endpoint, Map<String, String> headers, String method,
                                                Duration timeout) throws IOException {
        int millis = timeout == null ? DEFAULT_TIMEOUT_MILLIS : (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        HttpURLConnection connection = SocketHttpConnection.withoutProxy(endpoint.toURL());
        connection.setConnectTimeout(millis);
        connection.setReadTimeout(millis);
        connection.setRequestMethod(method);
        connection.setDoOutput(true);
        headers.forEach(connection::addRequestProperty);
        connection.setInstanceFollowRedirects(false);
        connection.connect();
        return connection;
    }
}
