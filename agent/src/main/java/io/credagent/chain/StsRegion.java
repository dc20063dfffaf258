package io.credagent.chain;

import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;


/**
 * The region of the STS calls the chain makes, decided by credagent so that the SDK never has to
 * guess it from instance metadata.
 *
 * <p>Why: in SDK 2.56 {@code StsProfileCredentialsProviderFactory} takes the STS region of an
 * assume-role profile from that profile's {@code region}, else from {@code DefaultAwsRegionProviderChain}
 * ({@code aws.region}/{@code AWS_REGION}, then the {@code region} of the {@code AWS_PROFILE} or
 * {@code default} profile in the default files, then IMDS). {@code StsWebIdentityCredentialsProviderFactory}
 * goes to that chain directly. The IMDS step costs timeouts off EC2 (and is a call to 169.254.169.254
 * nobody asked for), and the profile step reads the wrong profile when credagent's {@code profile}
 * option chose another one.
 *
 * <p>The order: {@code aws.region}/{@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, the selected
 * profile's {@code region}, credagent's {@code region} option, and finally {@code us-east-1}, which is
 * where the SDK's own last resort (the global endpoint {@code sts.amazonaws.com}) is served from too.
 *
 * <p>How, without {@code System.setProperty}: for assume-role profiles, {@link #addToRoleProfiles}
 * aggregates one extra, in-memory profile file ({@link ProfileDefaults}) that sets {@code region} on
 * the profiles with a {@code role_arn}: all of them when the region came from the environment,
 * which overrides the config file; otherwise only those without a {@code region} of their own. For web identity (environment,
 * or the selected profile), credagent builds the STS client itself ({@link WebIdentityProviders}).
 * Not covered: a web identity profile reached through another profile's {@code source_profile};
 * there the SDK's chain applies (set {@code AWS_REGION} to avoid its IMDS step).
 */
final class StsRegion {

    static final String LAST_RESORT = "us-east-1";

    private final String region;
    private final boolean fromEnvironment;

    private StsRegion(String region, String origin) {
        this.region = region;
        this.fromEnvironment = origin.equals("AWS_REGION") || origin.equals("AWS_DEFAULT_REGION");
    }

    /**
     * @param selectedProfile the profile the chain reads, or null
     * @param optionRegion    credagent's {@code region} option, or null
     */
    static StsRegion choose(Environment env, Profile selectedProfile, String optionRegion) {
        String fromSdkSetting = env.setting("aws.region", "AWS_REGION");
        if (fromSdkSetting != null) {
            return new StsRegion(fromSdkSetting, "AWS_REGION");
        }
        String fromCliSetting = env.setting(null, "AWS_DEFAULT_REGION");
        if (fromCliSetting != null) {
            return new StsRegion(fromCliSetting, "AWS_DEFAULT_REGION");
        }
        String fromProfile = selectedProfile == null ? null
                : Environment.nonBlank(selectedProfile.property(ProfileProperty.REGION).orElse(null));
        if (fromProfile != null) {
            return new StsRegion(fromProfile, "profile '" + selectedProfile.name() + "'");
        }
        if (optionRegion != null) {
            return new StsRegion(optionRegion, "credagent option region");
        }
        return new StsRegion(LAST_RESORT, "default");
    }

    String region() {
        return region;
    }

    /**
     * {@code base} with {@code region = <this region>} on the role profiles: on every one when the
     * region came from {@code AWS_REGION}/{@code aws.region}/{@code AWS_DEFAULT_REGION} (the
     * environment overrides the config file, as for every AWS SDK client and the CLI; the SDK's
     * assume-role factory alone would prefer the profile's {@code region}), else only on those
     * without a {@code region}.
     */
    ProfileFile addToRoleProfiles(ProfileFile base) {
        return ProfileDefaults.set(base, profile -> profile.properties().containsKey(ProfileProperty.ROLE_ARN),
                ProfileProperty.REGION, region, fromEnvironment);
    }
}
