package io.credagent.http;

import io.credagent.chain.Environment;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The HTTP client of every SDK client in credagent's bundled SDK (STS, SSO, SSO-OIDC, also those
 * the SDK's own credential providers build): the SDK's url-connection client with connections
 * opened by {@link ProxiedConnections}. It is the payload's only {@code SdkHttpService} (the
 * url-connection client's own registration is left out of the jar), so the SDK finds it by its
 * usual service lookup, and honours {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY}
 * besides the JVM's proxy settings, as the AWS CLI does.
 */
public final class ProxiedHttpService implements SdkHttpService {

    @Override
    public SdkHttpClient.Builder createHttpClientBuilder() {
        return clientBuilder();
    }

    /** For the SDK clients credagent builds itself. */
    public static SdkHttpClient.Builder<?> clientBuilder() {
        return new ClientBuilder();
    }

    private static final class ClientBuilder implements SdkHttpClient.Builder<ClientBuilder> {
        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            // The service's timeouts, else the SDK's global ones (2 s to connect, 30 s to read).
            AttributeMap options = serviceDefaults.merge(SdkHttpConfigurationOption.GLOBAL_HTTP_DEFAULTS);
            return UrlConnectionHttpClient.create(new ProxiedConnections(Environment.system(),
                    options.get(SdkHttpConfigurationOption.CONNECTION_TIMEOUT),
                    options.get(SdkHttpConfigurationOption.READ_TIMEOUT)));
        }
    }
}
