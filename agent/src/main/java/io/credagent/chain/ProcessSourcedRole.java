package io.credagent.chain;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.useragent.BusinessMetricFeatureId;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A role profile whose {@code source_profile} chain (role, role, ...) ends in a
 * {@code credential_process} profile. SDK v2's {@code ProfileCredentialsUtils} would run that
 * process with its own {@code ProcessCredentialsProvider}, which has no time limit; here the
 * process is a {@link CredentialProcess} and each role above it is built by {@link RoleProfiles},
 * as every role level of the SDK's own chains is (from the role's profile, with the same
 * {@code sourceChain} metrics): session name, external id, duration, MFA, STS region and endpoint rules.
 *
 * <p>Only plain chains take this path. Anything the SDK would reject or treat differently (a
 * {@code credential_source} next to {@code source_profile}, a missing source profile, a cycle)
 * is left to the SDK, which reports it as today.
 */
final class ProcessSourcedRole {

    /** Far more than any real chain; the SDK has no limit of its own, only cycle detection. */
    private static final int MAX_CHAIN = 20;

    private ProcessSourcedRole() {
    }

    /**
     * The chain from {@code profile} down: its role profiles, then the {@code credential_process}
     * profile last. Empty when {@code profile} is not such a role.
     */
    static List<Profile> chain(ProfileFile file, Profile profile) {
        List<Profile> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Profile current = profile;
        while (ProfileKind.isRole(current)) {
            String source = current.property(ProfileProperty.SOURCE_PROFILE).orElse(null);
            if (source == null || current.properties().containsKey(ProfileProperty.CREDENTIAL_SOURCE)
                    || !seen.add(current.name()) || chain.size() >= MAX_CHAIN) {
                return Collections.emptyList();
            }
            chain.add(current);
            current = file.profile(source).orElse(null);
            if (current == null) {
                return Collections.emptyList();
            }
        }
        if (chain.isEmpty() || !ProfileKind.isProcess(current)) {
            return Collections.emptyList();
        }
        chain.add(current);
        return chain;
    }

    /**
     * The provider for a {@link #chain}: the process at the bottom, each role built on the one below.
     *
     * @param where how the process's own failures start, naming the selected profile and the process
     *              profile (as {@code ProfileStep} names them for every other failure)
     */
    static AwsCredentialsProvider create(List<Profile> chain, String where, Duration processTimeout) {
        Profile processProfile = chain.get(chain.size() - 1);
        AwsCredentialsProvider provider = new CredentialProcess(processProfile.name(), where,
                processProfile.property(ProfileProperty.CREDENTIAL_PROCESS).get(),
                processProfile.property(ProfileProperty.AWS_ACCOUNT_ID).orElse(null), processTimeout,
                CredentialProcess.OUTPUT_LIMIT);
        String metrics = BusinessMetricFeatureId.CREDENTIALS_PROFILE_PROCESS.value();
        for (int i = chain.size() - 2; i >= 0; i--) {
            // As ProfileCredentialsUtils: each role level prefixes the metrics of its source.
            metrics = BusinessMetricFeatureId.CREDENTIALS_PROFILE_SOURCE_PROFILE.value() + "," + metrics;
            provider = RoleProfiles.create(provider, chain.get(i), metrics);
        }
        return provider;
    }
}
