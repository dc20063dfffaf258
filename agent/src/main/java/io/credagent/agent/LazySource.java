package io.credagent.agent;

import io.credagent.chain.CredentialException;
import io.credagent.chain.CredentialSource;
import io.credagent.chain.Credentials;

import java.util.function.Supplier;

/**
 * Creates the chain on the first lookup, not in premain: building it loads much of the SDK, and
 * an application that never asks for credentials should not pay for that at startup.
 */
final class LazySource implements CredentialSource {

    private final Supplier<? extends CredentialSource> factory;
    private volatile CredentialSource delegate;

    LazySource(Supplier<? extends CredentialSource> factory) {
        this.factory = factory;
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
        CredentialSource current = delegate;
        if (current == null) {
            synchronized (this) {
                current = delegate;
                if (current == null) {
                    try {
                        current = factory.get();
                    } catch (CredentialException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        throw new CredentialException(CredentialException.Category.INTERNAL,
                                "cannot build the credential chain: " + e, e);
                    }
                    delegate = current;
                }
            }
        }
        return current;
    }
}
