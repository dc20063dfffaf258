package io.credagent.answer;

import io.credagent.credentials.CredentialSource;

/**
 * Whose credentials a lookup asks for, respecting what the application said: the default identity,
 * or the profile a provider instance was built with.
 */
enum Identity {

    /** The default chain (or credagent's {@code profile} option): what the environment provides. */
    DEFAULT(false, false) {
        @Override
        CredentialSource source(IdentitySources sources, String profileName) {
            return sources.defaultChain();
        }
    },
    /** A profile provider: the profile it names, alone ({@code default} when it names none). */
    NAMED_PROFILE(true, true) {
        @Override
        CredentialSource source(IdentitySources sources, String profileName) {
            return sources.forProfile(profileName != null ? profileName : "default");
        }
    },
    /** A default chain the application may have given a profile name (SDK versions without the field have none). */
    DEFAULT_CHAIN_WITH_PROFILE(true, false) {
        @Override
        CredentialSource source(IdentitySources sources, String profileName) {
            return profileName == null ? sources.defaultChain() : sources.defaultChainWithProfile(profileName);
        }
    };

    /** True when the provider instance's {@code profileName} decides the identity. */
    final boolean readsProfileName;
    /** True when a provider class without that field cannot be answered at all. */
    final boolean needsProfileName;

    Identity(boolean readsProfileName, boolean needsProfileName) {
        this.readsProfileName = readsProfileName;
        this.needsProfileName = needsProfileName;
    }

    /** @param profileName the instance's profile name, or null (also when not {@link #readsProfileName}) */
    abstract CredentialSource source(IdentitySources sources, String profileName);
}
