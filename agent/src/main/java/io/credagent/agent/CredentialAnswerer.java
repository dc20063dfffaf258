package io.credagent.agent;

import io.credagent.chain.CredentialException;
import io.credagent.log.Log;

import java.util.function.Function;

/**
 * Answers intercepted lookups for the bridge: credentials from credagent's chain, built as the
 * caller's own SDK objects, or the caller's own SDK client exception when the chain fails.
 * Returns {@code null} for receivers credagent does not answer, so their original code runs.
 */
final class CredentialAnswerer implements Function<Object, Object> {

    /** Per provider class, computed once; a ClassValue does not keep application loaders alive. */
    private final ClassValue<AnsweredProvider> providers = new ClassValue<AnsweredProvider>() {
        @Override
        protected AnsweredProvider computeValue(Class<?> type) {
            try {
                return AnsweredProvider.of(type);
            } catch (ReflectiveOperationException | LinkageError e) {
                Log.debug("not answering for " + type.getName() + ": its SDK copy lacks " + e);
                return AnsweredProvider.NONE;
            }
        }
    };

    private final IdentitySources sources;
    private final FailureLog failures = new FailureLog();

    CredentialAnswerer(IdentitySources sources) {
        this.sources = sources;
    }

    @Override
    public Object apply(Object provider) {
        AnsweredProvider answered = providers.get(provider.getClass());
        if (answered == AnsweredProvider.NONE) {
            return null;
        }
        try {
            Object credentials = answered.sdk.credentials(sources.defaultChain().resolve());
            failures.recovered();
            return credentials;
        } catch (CredentialException e) {
            failures.failed(e.getMessage());
            return answered.sdk.clientException("credagent: " + e.getMessage());
        }
    }
}
