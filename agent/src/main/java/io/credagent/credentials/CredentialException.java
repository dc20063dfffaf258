package io.credagent.credentials;

import io.credagent.log.Mask;

/**
 * Why no credentials could be given: one actionable line (what failed, where, how to fix it), and
 * a category for callers that react differently (the CLI's exit code, tests).
 *
 * <p>The message is flattened to one line and passed through {@link Mask#text} on construction, so
 * that SDK text quoted in it can never carry a secret or a raw access key id.
 */
public final class CredentialException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Long enough for an SDK message plus our hint, short enough for one log line. */
    private static final int MAX_MESSAGE_LENGTH = 1000;

    public enum Category {
        /** No source is configured, or the only one that was (instance metadata) had nothing to give. */
        NOT_CONFIGURED,
        /** A config or credentials file cannot be parsed. */
        PARSE_ERROR,
        /** The selected profile is missing, or its settings are incomplete or contradictory. */
        INVALID_PROFILE,
        /** {@code credential_process} failed or printed something unusable. */
        PROCESS_ERROR,
        /** STS, SSO, SSO OIDC or the container endpoint refused, failed or could not be reached (including an expired SSO session). */
        SERVICE_ERROR,
        /** The instance metadata service failed in a way that is not just "not on EC2". */
        IMDS_ERROR,
        /** A file the configuration points at does not exist (SSO token cache, web identity token, ...). */
        FILE_NOT_FOUND,
        /** A person must act first (enter an MFA code); the message says how. */
        NEEDS_PERSON,
        /** A credagent defect or an unexpected SDK failure. */
        INTERNAL
    }

    private final Category category;
    private final boolean transientFailure;
    /** The profile a person can fix this with by logging in (an expired SSO session), or null. */
    private volatile String loginProfile;

    public CredentialException(Category category, String message) {
        this(category, message, null);
    }

    /** The cause is kept for debugging only; its text is not part of {@link #getMessage()}. */
    public CredentialException(Category category, String message, Throwable cause) {
        super(clean(message), cause);
        if (category == null) {
            throw new IllegalArgumentException("category must not be null");
        }
        this.category = category;
        this.transientFailure = cause instanceof CredentialException
                ? ((CredentialException) cause).isTransient() : SdkErrors.isTransient(cause);
        this.loginProfile = cause instanceof CredentialException ? ((CredentialException) cause).loginProfile : null;
    }

    public Category category() {
        return category;
    }

    /** Marks this failure as one a login with {@code profile} fixes (its SSO session needs a new login). */
    public CredentialException fixedByLogin(String profile) {
        this.loginProfile = profile;
        return this;
    }

    /** The profile whose login fixes this failure, or null when a login would not. */
    public String loginProfile() {
        return loginProfile;
    }

    /**
     * Whether trying again soon may succeed (throttling, a server error, the network): callers with
     * nothing yet then wait for the retries instead of failing at the first one.
     */
    public boolean isTransient() {
        return transientFailure;
    }

    private static String clean(String message) {
        String oneLine = String.valueOf(message).replaceAll("\\s+", " ").trim();
        if (oneLine.length() > MAX_MESSAGE_LENGTH) {
            oneLine = oneLine.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
        }
        return Mask.text(oneLine);
    }
}
