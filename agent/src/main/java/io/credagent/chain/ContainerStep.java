package io.credagent.chain;

import io.credagent.credentials.SdkErrors;
import io.credagent.credentials.CredentialException;
import io.credagent.credentials.Credentials;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;

/**
 * The container credentials endpoint: ECS task roles ({@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI})
 * and EKS Pod Identity or any local endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE]}). The SDK's {@link ContainerCredentialsProvider}
 * does the work (and reads those variables itself); it is built once and refreshes before expiry.
 */
final class ContainerStep implements Step {

    static final String RELATIVE_URI = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
    static final String FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

    private final Environment env;
    private final LastCredentials last = new LastCredentials();
    private final Lazy<AwsCredentialsProvider> provider =
            new Lazy<>(() -> ContainerCredentialsProvider.builder().build());

    ContainerStep(Environment env) {
        this.env = env;
    }

    @Override
    public boolean isConfigured() {
        return configuredVariable() != null;
    }

    @Override
    public Credentials resolve() {
        String source = "container credentials (" + configuredVariable() + ")";
        try {
            return last.remember(provider.get().resolveCredentials(), source);
        } catch (RuntimeException e) {
            throw failure(e, source);
        }
    }


    private static CredentialException failure(RuntimeException error, String where) {
        String message = SdkErrors.message(error);
        String missing = SdkErrors.missingFile(error);
        if (missing != null) {
            return new CredentialException(CredentialException.Category.FILE_NOT_FOUND, where
                    + ": file not found: " + missing + "; check AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", error);
        }
        return new CredentialException(CredentialException.Category.SERVICE_ERROR, where + ": " + message
                + "; check the task role or the EKS Pod Identity association, and the AWS_CONTAINER_* variables", error);
    }

    private String configuredVariable() {
        if (env.setting("aws.containerCredentialsPath", RELATIVE_URI) != null) {
            return RELATIVE_URI;
        }
        return env.setting("aws.containerCredentialsFullUri", FULL_URI) != null ? FULL_URI : null;
    }

    @Override
    public String describe() {
        return "container";
    }
}
