package io.credagent.answer;

import io.credagent.cache.RefreshingSource;
import io.credagent.chain.CredentialChain;
import io.credagent.credentials.CredentialSource;
import io.credagent.chain.Environment;
import io.credagent.chain.Lazy;
import io.credagent.config.AgentConfig;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * One credential source per identity in this JVM: every intercepted lookup that resolves to the
 * same identity (the default chain, a named profile, a default chain with a named profile) shares
 * one source, so the SDK providers behind it (and their caches) exist once, however many clients,
 * threads or SDK copies ask. The only place that creates sources.
 *
 * <p>Every source handed out is a {@link RefreshingSource}: one cached credential per identity,
 * refreshed in the background before it expires, read without a lock on the hot path.
 */
public final class IdentitySources {

    private final AgentConfig config;
    private final Environment env;
    /** Created on first use: at premain it would only load the cache and its threads' classes. */
    private final Lazy<RefreshingSource> defaultChain;
    private final ConcurrentMap<String, RefreshingSource> profiles = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, RefreshingSource> chainsWithProfile = new ConcurrentHashMap<>();
    /** Every identity created so far, by name, for {@code status}. */
    private final ConcurrentMap<String, RefreshingSource> created = new ConcurrentHashMap<>();
    /** Run for each identity created: off the hot path, which only meets identities that exist. */
    private volatile Runnable onNewIdentity = () -> { };

    public IdentitySources(AgentConfig config, Environment env) {
        this.config = config;
        this.env = env;
        this.defaultChain = new Lazy<>(() -> cached("default chain", () -> CredentialChain.create(config, env)));
    }

    /** What the SDKs' default chains get: credagent's chain (or the configured profile alone). */
    CredentialSource defaultChain() {
        return defaultChain.get();
    }

    /** A profile the application named (a profile provider's profile name): that profile alone. */
    CredentialSource forProfile(String name) {
        RefreshingSource known = profiles.get(name); // the hot path: no capturing lambda, no allocation
        if (known != null) {
            return known;
        }
        return profiles.computeIfAbsent(name,
                n -> cached("profile '" + n + "' (named by the application)", () -> CredentialChain.forProfile(config, env, n)));
    }

    /**
     * A default chain the application gave a profile name: the full chain with that profile. Older
     * SDK v2 versions store the environment's profile name when none was given: that is the plain
     * default chain.
     */
    CredentialSource defaultChainWithProfile(String name) {
        if (name.equals(CredentialChain.selectedProfileName(env))) {
            return defaultChain.get();
        }
        RefreshingSource known = chainsWithProfile.get(name);
        if (known != null) {
            return known;
        }
        return chainsWithProfile.computeIfAbsent(name,
                n -> cached("default chain with profile '" + n + "'", () -> CredentialChain.withProfile(config, env, n)));
    }

    /** Called whenever an identity is created (the status MXBean registers itself at the first). */
    public void onNewIdentity(Runnable action) {
        onNewIdentity = action;
    }

    /** The identities so far, by name, in no particular order. */
    public java.util.Map<String, RefreshingSource> identities() {
        return java.util.Collections.unmodifiableMap(created);
    }

    /** Built on first use, then one refreshing snapshot for the identity. */
    private RefreshingSource cached(String name, Supplier<? extends CredentialSource> chain) {
        RefreshingSource source = RefreshingSource.around(new LazySource(chain));
        created.put(name, source);
        onNewIdentity.run();
        return source;
    }
}
