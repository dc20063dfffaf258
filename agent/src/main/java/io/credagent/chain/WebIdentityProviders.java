package io.credagent.chain;

import io.credagent.credentials.SdkErrors;
import io.credagent.credentials.CredentialException;

import io.credagent.http.ProxiedHttpService;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;

import java.nio.file.Path;

/**
 * AssumeRoleWithWebIdentity the SDK's way ({@link StsWebIdentityTokenFileCredentialsProvider}: it
 * re-reads the token file on every refresh and prefetches before expiry), on an STS client whose
 * region credagent chose ({@link StsRegion}) instead of the SDK's IMDS-backed guess.
 *
 * <p>Endpoint settings ({@code AWS_ENDPOINT_URL_STS}, {@code AWS_ENDPOINT_URL}, their system
 * properties, {@code endpoint_url} and {@code services} in the profile) are still read by the SDK
 * client builder itself; given a profile file, from that file and profile.
 */
final class WebIdentityProviders {

    private WebIdentityProviders() {
    }

    /**
     * @param profileFile null: the SDK's default files and profile decide client settings
     * @param profileName the profile those settings come from; ignored without a file
     */
    static AwsCredentialsProvider create(Path tokenFile, String roleArn, String sessionName, StsRegion region,
                                         ProfileFile profileFile, String profileName) {
        StsClient sts = StsClient.builder()
                .region(Region.of(region.region()))
                // AssumeRoleWithWebIdentity is unsigned: the token file is the credential.
                .credentialsProvider(AnonymousCredentialsProvider.create())
                // Named explicitly: no service-loader lookup, and no chance of the application's
                // software.amazon.awssdk.http.service.impl setting pointing at a class we lack.
                .httpClientBuilder(ProxiedHttpService.clientBuilder())
                .overrideConfiguration(o -> {
                    if (profileFile != null) {
                        o.defaultProfileFile(profileFile).defaultProfileName(profileName);
                    }
                })
                .build();
        return StsWebIdentityTokenFileCredentialsProvider.builder()
                .stsClient(sts)
                .webIdentityTokenFile(tokenFile)
                .roleArn(roleArn)
                .roleSessionName(sessionName != null ? sessionName : "credagent-" + System.currentTimeMillis())
                .build();
    }

    /**
     * The web identity failure as a {@link CredentialException}: a missing token file, STS's answer,
     * or STS being unreachable.
     *
     * @param where      the source, e.g. {@code web identity (...)}
     * @param configured where the token file path is configured, for the hint
     */
    static CredentialException failure(RuntimeException error, String where, String configured) {
        if (error instanceof CredentialException) {
            return (CredentialException) error;
        }
        String message = SdkErrors.message(error);
        String missing = SdkErrors.missingFile(error);
        if (missing != null) {
            return new CredentialException(CredentialException.Category.FILE_NOT_FOUND, where
                    + ": web identity token file " + missing + " not found; check " + configured, error);
        }
        if (SdkErrors.isThrottling(error)) {
            return new CredentialException(CredentialException.Category.SERVICE_ERROR, where
                    + ": STS is throttling AssumeRoleWithWebIdentity: " + message
                    + "; retrying with backoff (many JVMs starting at once? cache=shared makes one call per host)", error);
        }
        if (SdkErrors.isServiceError(error)) {
            return new CredentialException(CredentialException.Category.SERVICE_ERROR, where
                    + ": STS refused AssumeRoleWithWebIdentity: " + message
                    + "; check the role's trust policy and the token's audience", error);
        }
        if (SdkErrors.isNetworkError(error)) {
            return new CredentialException(CredentialException.Category.SERVICE_ERROR, where
                    + ": cannot reach STS: " + message + "; check network access, AWS_REGION and AWS_ENDPOINT_URL_STS", error);
        }
        return new CredentialException(CredentialException.Category.INTERNAL, where
                + ": unexpected failure: " + message, error);
    }
}
