package io.credagent.chain;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.Credentials;

/**
 * One link of the chain. The chain asks each step in turn whether it is configured; the first one
 * that is answers, or fails and stops the chain: a broken configuration must never be papered over
 * by a weaker source further down.
 */
interface Step {

    /**
     * Cheap: looks at settings and already-parsed files, never at the network.
     *
     * @throws CredentialException when the configuration this step reads is itself broken (a
     *                             profile file that cannot be parsed, an explicitly selected profile
     *                             that does not exist); that also stops the chain
     */
    boolean isConfigured();

    /**
     * Only called when {@link #isConfigured()} said yes.
     *
     * @throws CredentialException  the step is configured but failed: the chain stops
     * @throws StepUnavailable      the step turned out to have nothing to give (instance metadata
     *                              on a machine that is not an EC2 instance): the chain goes on
     */
    Credentials resolve();

    /** What this step is, for the "checked ..." list and debug output: {@code environment variables}. */
    String describe();

    /** Why {@link #isConfigured()} said no, when there is more to say than "not set"; or null. */
    default String notConfiguredReason() {
        return null;
    }
}
