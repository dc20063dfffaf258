package io.credagent.chain;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.Credentials;

import io.credagent.sharedcache.SharedCache;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;

import java.nio.file.Paths;

/**
 * AssumeRoleWithWebIdentity from {@code AWS_WEB_IDENTITY_TOKEN_FILE} + {@code AWS_ROLE_ARN}
 * (+ {@code AWS_ROLE_SESSION_NAME}), or their {@code aws.*} system properties: EKS IRSA and
 * similar. Configured as soon as the token file is named; a missing role is then a mistake to
 * report. The SDK provider is built once and refreshes itself.
 */
final class WebIdentityStep implements Step {

    private static final String TOKEN_FILE = "AWS_WEB_IDENTITY_TOKEN_FILE";
    private static final String ROLE_ARN = "AWS_ROLE_ARN";

    private final Environment env;
    private final ProfileFiles files;
    private final String selectedProfile;
    private final String optionRegion;
    private final SharedCache sharedCache;
    private final LastCredentials last = new LastCredentials();
    private final Lazy<AwsCredentialsProvider> provider = new Lazy<>(this::buildProvider);
    private volatile String source;
    private volatile SharedCache.Entry shared;

    WebIdentityStep(Environment env, ProfileFiles files, String selectedProfile, String optionRegion,
                    SharedCache sharedCache) {
        this.env = env;
        this.files = files;
        this.selectedProfile = selectedProfile;
        this.optionRegion = optionRegion;
        this.sharedCache = sharedCache;
    }

    @Override
    public boolean isConfigured() {
        return tokenFile() != null;
    }

    @Override
    public Credentials resolve() {
        try {
            AwsCredentialsProvider current = provider.get();
            return last.remember(sharedCache.resolve(shared, source,
                    () -> last.remember(current.resolveCredentials(), source)));
        } catch (RuntimeException e) {
            throw WebIdentityProviders.failure(e, source != null ? source : describe(), "the variable " + TOKEN_FILE);
        }
    }

    /** Runs once (see {@link Lazy}); also records what the step answers from, for messages. */
    private AwsCredentialsProvider buildProvider() {
        String roleArn = env.setting("aws.roleArn", ROLE_ARN);
        if (roleArn == null) {
            throw new CredentialException(CredentialException.Category.NOT_CONFIGURED,
                    TOKEN_FILE + " is set but " + ROLE_ARN + " is not; set " + ROLE_ARN
                            + " to the role to assume, or unset " + TOKEN_FILE);
        }
        StsRegion region = StsRegion.choose(env, selectedProfileIfReadable(), optionRegion);
        String sessionName = env.setting("aws.roleSessionName", "AWS_ROLE_SESSION_NAME");
        AwsCredentialsProvider built = WebIdentityProviders.create(Paths.get(tokenFile()), roleArn,
                sessionName, region, null, null);
        shared = SharedEntries.webIdentity(sharedCache, roleArn, sessionName);
        source = "web identity (" + TOKEN_FILE + ", role " + roleArn + ", STS region " + region.region() + ")";
        return built;
    }

    /** Only to pick the STS region, as the SDK's region chain would: a broken file is not this step's business. */
    private Profile selectedProfileIfReadable() {
        try {
            return files.profileFile().profile(selectedProfile).orElse(null);
        } catch (CredentialException e) {
            return null;
        }
    }

    private String tokenFile() {
        return env.setting("aws.webIdentityTokenFile", TOKEN_FILE);
    }

    @Override
    public String describe() {
        return "web identity";
    }
}
