package software.amazon.awssdk.services.sts.internal;

import io.credagent.chain.RoleProfiles;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ChildProfileCredentialsProviderFactory;
import software.amazon.awssdk.profiles.Profile;

/**
 * Replaces the bundled SDK's class of this name (the payload build leaves the SDK's copy out): the
 * SDK's profile chains build every role level through it, and credagent's {@link RoleProfiles}
 * honours {@code duration_seconds} and {@code mfa_serial}, which the SDK's ignores.
 */
public final class StsProfileCredentialsProviderFactory implements ChildProfileCredentialsProviderFactory {

    @Override
    public AwsCredentialsProvider create(AwsCredentialsProvider sourceCredentialsProvider, Profile profile) {
        return RoleProfiles.create(sourceCredentialsProvider, profile, null);
    }

    @Override
    public AwsCredentialsProvider create(ChildProfileCredentialsRequest request) {
        return RoleProfiles.create(request.sourceCredentialsProvider(), request.profile(), request.sourceChain());
    }
}
