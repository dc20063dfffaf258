package io.credagent.answer;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.CredentialSource;
import io.credagent.credentials.Credentials;
import io.credagent.chain.Lazy;

import java.util.function.Supplier;

/**
 * Creates the chain on the first lookup, not in premain: building it loads much of the SDK, and
 * an application that never asks for credentials should not pay for that at startup.
 */
final class LazySource implements CredentialSource {

    private final Lazy<CredentialSource> delegate;

    LazySource(Supplier<? extends CredentialSource> factory) {
        this.delegate = new Lazy<>(() -> build(factory));
    }

    @Override
    public Credentials resolve() {
        return get().resolve();
    }

    @Override
    public String describe() {
        return get().describe();
    }

    private CredentialSource get() {
        return delegate.get();
    }

    private static CredentialSource build(Supplier<? extends CredentialSource> factory) {
        try {
            return factory.get();
        } catch (CredentialException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CredentialException(CredentialException.Category.INTERNAL,
                    "cannot build the credential chain: " + e, e);
        }
    }
}
