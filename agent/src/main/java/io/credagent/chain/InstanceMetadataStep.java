package io.credagent.chain;

import io.credagent.credentials.SdkErrors;
import io.credagent.credentials.CredentialException;
import io.credagent.credentials.Credentials;

import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

import java.util.Collection;
import java.util.Collections;

/**
 * The EC2 instance metadata service (IMDSv2 only, see {@link #v2Only}), last in the
 * chain. Configured unless {@code AWS_EC2_METADATA_DISABLED=true}: only asking tells whether this
 * is an EC2 instance. So "no service answers" and "no role attached" are not errors but
 * {@link StepUnavailable}, and the chain reports that no credentials were found, unless
 * {@code AWS_EC2_METADATA_SERVICE_ENDPOINT} was set: an endpoint someone named explicitly must answer.
 */
final class InstanceMetadataStep implements Step {

    private static final String DISABLED = "AWS_EC2_METADATA_DISABLED";
    private static final String ENDPOINT = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
    private static final String SOURCE = "instance metadata";
    private static final String V1_DISABLED = "ec2_metadata_v1_disabled";

    private final Environment env;
    private final ProfileFiles files;
    private final String profileName;
    private final LastCredentials last = new LastCredentials();

    /** @param profileName the profile whose {@code ec2_metadata_*} settings apply */
    InstanceMetadataStep(Environment env, ProfileFiles files, String profileName) {
        this.env = env;
        this.files = files;
        this.profileName = profileName;
    }

    @Override
    public boolean isConfigured() {
        return !env.isTrue("aws.disableEc2Metadata", DISABLED);
    }

    @Override
    public String notConfiguredReason() {
        return "disabled by " + DISABLED;
    }

    /**
     * A new SDK provider per lookup, closed afterwards. credagent's cache ({@code RefreshingSource})
     * decides when to look up; the SDK provider's own cache would hand back its copy until 1 s
     * before expiry, and with its "static stability" keep handing back expired credentials for
     * minutes while IMDS is down. A lookup is three small local requests, made once per refresh.
     */
    @Override
    public Credentials resolve() {
        try (InstanceProfileCredentialsProvider provider = newProvider()) {
            return last.remember(provider.resolveCredentials(), SOURCE);
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    private InstanceProfileCredentialsProvider newProvider() {
        InstanceProfileCredentialsProvider.Builder builder = InstanceProfileCredentialsProvider.builder()
                .profileFile(this::profileFileOrEmpty)
                .profileName(profileName);
        String endpoint = endpoint();
        if (endpoint != null) {
            builder.endpoint(endpoint);
        }
        return builder.build();
    }

    /** The earlier profile step already reported a broken file; here it only holds IMDS settings. */
    private ProfileFile profileFileOrEmpty() {
        ProfileFile file;
        try {
            file = files.profileFile();
        } catch (CredentialException e) {
            file = ProfileFile.aggregator().build();
        }
        return v2Only(file, Collections.singleton(profileName));
    }

    /**
     * IMDSv2 only: without a session token the SDK would fall back to unauthenticated IMDSv1 requests
     * (after any token failure but HTTP 400). {@code ec2_metadata_v1_disabled = true} on these
     * profiles, unless they set it; the SDK reads {@code aws.disableEc2MetadataV1} and
     * {@code AWS_EC2_METADATA_V1_DISABLED} first, so an explicit choice there still wins.
     */
    static ProfileFile v2Only(ProfileFile file, Collection<String> profileNames) {
        return ProfileDefaults.set(file, profileNames, V1_DISABLED, "true", false);
    }

    private RuntimeException failure(RuntimeException error) {
        String message = SdkErrors.message(error);
        String endpoint = endpoint();
        if (SdkErrors.isNetworkError(error)) {
            if (endpoint != null) {
                return new CredentialException(CredentialException.Category.IMDS_ERROR, SOURCE + " at " + endpoint
                        + " (" + ENDPOINT + ") cannot be reached: " + message + "; fix or unset " + ENDPOINT, error);
            }
            return new StepUnavailable("no instance metadata service answered");
        }
        if (SdkErrors.anyMessageContains(error, "requested metadata is not found")
                || SdkErrors.anyMessageContains(error, "Unable to load credentials path")) {
            return new StepUnavailable("no IAM role attached to this instance");
        }
        return new CredentialException(CredentialException.Category.IMDS_ERROR, SOURCE + ": " + message
                + "; check the instance's IAM role and metadata options (IMDSv2 hop limit in containers)", error);
    }

    private String endpoint() {
        return env.setting("aws.ec2MetadataServiceEndpoint", ENDPOINT);
    }

    @Override
    public String describe() {
        return SOURCE;
    }
}
