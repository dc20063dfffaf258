package io.credagent.fake;

/**
 * An error a service answers with. Thrown from deep inside request handling (e.g. signature
 * verification) and rendered in the owning service's wire format.
 */
final class AwsError extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;

    AwsError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }
}
