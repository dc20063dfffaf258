package io.credagent.http;

import io.credagent.chain.Lazy;
import software.amazon.awssdk.http.SystemPropertyTlsKeyManagersProvider;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import java.security.GeneralSecurityException;

/**
 * TLS for credagent's own calls, set up as the SDK's own clients do it: the JVM's trust store
 * ({@code javax.net.ssl.trustStore}, else the JDK's), key managers from the
 * {@code javax.net.ssl.keyStore} properties. Never the JVM-wide default socket factory, which the
 * application may have replaced (a trust-all one, or one for its own CA only).
 */
final class OwnTls {

    private static final Lazy<SSLSocketFactory> FACTORY = new Lazy<>(OwnTls::create);

    private OwnTls() {
    }

    static SSLSocketFactory socketFactory() {
        return FACTORY.get();
    }

    private static SSLSocketFactory create() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(SystemPropertyTlsKeyManagersProvider.create().keyManagers(), null, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not set up TLS for credagent's own calls: " + e, e);
        }
    }
}
