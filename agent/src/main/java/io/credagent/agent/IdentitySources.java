package io.credagent.agent;

import io.credagent.cache.RefreshingSource;
import io.credagent.chain.CredentialChain;
import io.credagent.chain.CredentialSource;
import io.credagent.chain.Environment;
import io.credagent.config.AgentConfig;

/**
 * One credential source per identity in this JVM: every intercepted lookup that resolves to the
 * same identity (the default chain, or a named profile) shares one source, so the SDK providers
 * behind it (and their caches) exist once, however many clients or threads ask.
 *
 * <p>Every source handed out is a {@link RefreshingSource}: one cached credential per identity,
 * refreshed in the background before it expires, read without a lock on the hot path.
 */
final class IdentitySources {

    private final CredentialSource defaultChain;

    IdentitySources(AgentConfig config, Environment env) {
        this.defaultChain = RefreshingSource.around(new LazySource(() -> CredentialChain.create(config, env)));
    }

    /** What the SDKs' default chains get: credagent's chain (or the configured profile alone). */
    CredentialSource defaultChain() {
        return defaultChain;
    }
}
