package io.credagent.config;

/**
 * Option {@code override}: what becomes of long-term keys (no session token) that a credential
 * lookup hands to an SDK client, whichever class supplied them.
 */
public enum OverrideMode {
    /** They stay what they are, unseen. */
    NONE,
    /** They stay, and each is said once (masked) with the class that supplied it: a migration's first step. */
    REPORT,
    /** They are replaced by the default identity's credentials, and each is said once. */
    STATIC;
}
