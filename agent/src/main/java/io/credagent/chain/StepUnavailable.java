package io.credagent.chain;

/**
 * Thrown by a step that looked configured but has nothing to give, which is not an error: instance
 * metadata is "configured" everywhere unless disabled, yet most machines are not EC2 instances.
 * The reason ends up in the chain's "no AWS credentials found" message.
 */
final class StepUnavailable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StepUnavailable(String reason) {
        super(reason, null, false, false);
    }
}
