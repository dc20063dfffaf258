package software.amazon.awssdk.core.internal.http.loader;

import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.http.async.SdkAsyncHttpService;

import java.util.Optional;

/**
 * credagent's replacement, in its bundled SDK only, of the SDK class of this name (the payload
 * leaves the SDK's own out): the SDK asks it first for the HTTP client named by the system
 * property {@code software.amazon.awssdk.http.service.impl}. That property is the application's
 * choice for its own SDK; it must neither point credagent's copy at a class the payload lacks
 * (which failed every SSO and role lookup) nor bypass credagent's {@code ProxiedHttpService}, which
 * the SDK then finds by its service lookup as usual.
 */
final class SystemPropertyHttpServiceProvider<T> implements SdkHttpServiceProvider<T> {

    private SystemPropertyHttpServiceProvider() {
    }

    @Override
    public Optional<T> loadService() {
        return Optional.empty();
    }

    static SystemPropertyHttpServiceProvider<SdkHttpService> syncProvider() {
        return new SystemPropertyHttpServiceProvider<>();
    }

    static SystemPropertyHttpServiceProvider<SdkAsyncHttpService> asyncProvider() {
        return new SystemPropertyHttpServiceProvider<>();
    }
}
