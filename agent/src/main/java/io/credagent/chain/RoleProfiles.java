package io.credagent.chain;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.utils.IoUtils;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.net.URI;

/**
 * The provider of every role profile ({@code role_arn} with {@code source_profile} or
 * {@code credential_source}), in credagent's chains and in the bundled SDK's own profile chains:
 * the payload's {@code StsProfileCredentialsProviderFactory}, which the SDK's
 * {@code ProfileCredentialsUtils} loads by name for each role level, is a shim that calls this.
 *
 * <p>It builds what SDK v2 2.56 builds (the profile's {@code role_session_name} or
 * {@code aws-sdk-java-<millis>}, {@code external_id}, an STS client on the profile's region, else
 * the region chain, else the global endpoint, the source-chain metric) and adds the two settings
 * the SDK ignores and the AWS CLI honours: {@code duration_seconds} and {@code mfa_serial} (the
 * code from {@link MfaCodes}, asked only when STS is really called).
 */
public final class RoleProfiles {

    static final String MFA_SERIAL = "mfa_serial";
    static final String DURATION_SECONDS = "duration_seconds";
    /** Marks the message as a mistake in the profile ({@code ProfileStep}). */
    static final String BAD_DURATION = "is not a valid duration_seconds";

    private RoleProfiles() {
    }

    /**
     * @param sourceChain the SDK's business-metric string for the source, or null
     * @throws IllegalArgumentException for a profile without {@code role_arn} or with a bad {@code duration_seconds}
     */
    public static AwsCredentialsProvider create(AwsCredentialsProvider source, Profile profile, String sourceChain) {
        String roleArn = profile.property(ProfileProperty.ROLE_ARN).orElseThrow(() -> new IllegalArgumentException(
                "'role_arn' must be set to use role-based credential loading in the '" + profile.name() + "' profile."));
        String sessionName = profile.property(ProfileProperty.ROLE_SESSION_NAME)
                .orElseGet(() -> "aws-sdk-java-" + System.currentTimeMillis());
        String externalId = profile.property(ProfileProperty.EXTERNAL_ID).orElse(null);
        Integer duration = durationSeconds(profile);
        String serial = profile.property(MFA_SERIAL).map(String::trim).orElse(null);

        StsClient sts = StsClient.builder()
                .applyMutation(builder -> region(builder, profile))
                .credentialsProvider(source)
                .build();
        StsAssumeRoleCredentialsProvider.Builder provider = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(() -> {
                    AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
                            .roleArn(roleArn).roleSessionName(sessionName).externalId(externalId)
                            .durationSeconds(duration);
                    if (serial != null) {
                        request.serialNumber(serial).tokenCode(MfaCodes.code(profile, serial));
                    }
                    return request.build();
                });
        if (sourceChain != null) {
            provider.sourceChain(sourceChain);
        }
        return new RoleProvider(sts, source, provider.build());
    }

    /** {@code duration_seconds} as STS accepts it, or null when unset. */
    /**
     * True when {@code name} is a role profile that needs an MFA code at some level of its
     * source_profile chain (and is not an SSO profile): what {@code login --profile} logs in with a code.
     */
    public static boolean usesMfa(Environment env, String name) {
        software.amazon.awssdk.profiles.ProfileFile file = ProfileFiles.locate(env).profileFile();
        Profile profile = file.profile(name).orElse(null);
        if (profile == null) {
            return false;
        }
        for (Profile level : ProfileKind.sourceChain(file, profile)) {
            if (ProfileKind.isRole(level) && level.property(MFA_SERIAL).isPresent()) {
                return true;
            }
        }
        return false;
    }

    static Integer durationSeconds(Profile profile) {
        String text = profile.property(DURATION_SECONDS).map(String::trim).orElse(null);
        if (text == null) {
            return null;
        }
        if (!text.matches("[0-9]{3,5}") || Integer.parseInt(text) < 900 || Integer.parseInt(text) > 43200) {
            throw new IllegalArgumentException("'" + text + "' in profile '" + profile.name() + "' " + BAD_DURATION
                    + "; it must be whole seconds from 900 to 43200 (and at most the role's maximum session duration)");
        }
        return Integer.valueOf(text);
    }

    private static void region(StsClientBuilder builder, Profile profile) {
        Region region = profile.property(ProfileProperty.REGION).map(Region::of).orElseGet(() -> {
            try {
                return new DefaultAwsRegionProviderChain().getRegion();
            } catch (RuntimeException e) {
                return null;
            }
        });
        if (region != null) {
            builder.region(region);
        } else {
            builder.region(Region.US_EAST_1).endpointOverride(URI.create("https://sts.amazonaws.com"));
        }
    }

    /** Closes the source and the STS client with the provider, as the SDK's does. */
    private static final class RoleProvider implements AwsCredentialsProvider, SdkAutoCloseable {
        private final StsClient sts;
        private final AwsCredentialsProvider source;
        private final StsAssumeRoleCredentialsProvider provider;

        RoleProvider(StsClient sts, AwsCredentialsProvider source, StsAssumeRoleCredentialsProvider provider) {
            this.sts = sts;
            this.source = source;
            this.provider = provider;
        }

        @Override
        public AwsCredentials resolveCredentials() {
            return provider.resolveCredentials();
        }

        @Override
        public void close() {
            IoUtils.closeIfCloseable(source, null);
            IoUtils.closeQuietly(provider, null);
            IoUtils.closeQuietly(sts, null);
        }
    }
}
