package io.credagent.login;

/** A login that cannot go on: one line for the person, and the command's exit code. */
public final class LoginException extends Exception {

    /** The configuration or the command line is wrong: nothing was attempted. */
    public static final int CONFIGURATION = 2;
    /** The login was attempted and did not complete (denied, expired, no answer, a service error). */
    public static final int FAILED = 1;

    private final int exitCode;

    LoginException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
