package io.credagent.chain;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.Credentials;

/** What one step of the chain does right now, for {@code doctor}: {@link CredentialChain#inspect()}. */
public final class StepReport {

    /** In chain order: steps before the answering one are not configured, those after it are not asked. */
    public enum State { NOT_CONFIGURED, NOTHING_THERE, ANSWERS, FAILS, NOT_ASKED }

    private final String step;
    private final State state;
    private final String detail;
    private final Credentials credentials;
    private final CredentialException failure;

    StepReport(String step, State state, String detail, Credentials credentials, CredentialException failure) {
        this.step = step;
        this.state = state;
        this.detail = detail;
        this.credentials = credentials;
        this.failure = failure;
    }

    /** {@code profile 'dev' (AWS_PROFILE)} */
    public String step() {
        return step;
    }

    public State state() {
        return state;
    }

    /** Why it is not configured or has nothing, or null. */
    public String detail() {
        return detail;
    }

    /** When it {@link State#ANSWERS}, else null. */
    public Credentials credentials() {
        return credentials;
    }

    /** When it {@link State#FAILS}, else null. */
    public CredentialException failure() {
        return failure;
    }
}
