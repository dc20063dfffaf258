package io.credagent.chain;

import io.credagent.sharedcache.SharedCache;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which shared-cache entry a source's credentials belong to: the one the AWS CLI would use for the
 * same profile (its AssumeRole arguments, with {@code SerialNumber} for {@code mfa_serial} roles;
 * its SSO role key), credagent's own for credential_process, none for sources that must never be
 * written down (long-term keys) or that the CLI does not cache either.
 */
final class SharedEntries {

    private SharedEntries() {
    }

    /** The entry for this profile's credentials, or null when they are not shared. */
    static SharedCache.Entry forProfile(SharedCache cache, Profile profile) {
        if (ProfileKind.isProcess(profile)) {
            return cache.credentialProcess(profile.property(ProfileProperty.CREDENTIAL_PROCESS).get(), profile.name());
        }
        if (ProfileKind.isWebIdentity(profile)) {
            return webIdentity(cache, profile.property(ProfileProperty.ROLE_ARN).get(),
                    profile.property(ProfileProperty.ROLE_SESSION_NAME).orElse(null));
        }
        if (ProfileKind.isSso(profile)) {
            String account = profile.property(ProfileProperty.SSO_ACCOUNT_ID).orElse(null);
            String role = profile.property(ProfileProperty.SSO_ROLE_NAME).orElse(null);
            String session = profile.property(ProfileKind.SSO_SESSION).orElse(null);
            String startUrl = profile.property(ProfileProperty.SSO_START_URL).orElse(null);
            if (account == null || role == null || (session == null && startUrl == null)) {
                return null; // the SDK reports what is missing
            }
            return cache.ssoRole(account, role, session, startUrl);
        }
        if (ProfileKind.isRole(profile)) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("RoleArn", profile.property(ProfileProperty.ROLE_ARN).get());
            profile.property(ProfileProperty.ROLE_SESSION_NAME).ifPresent(name -> args.put("RoleSessionName", name));
            profile.property(ProfileProperty.EXTERNAL_ID).ifPresent(id -> args.put("ExternalId", id));
            profile.property(RoleProfiles.MFA_SERIAL).map(String::trim).ifPresent(serial -> args.put("SerialNumber", serial));
            try {
                Integer duration = RoleProfiles.durationSeconds(profile);
                if (duration != null) {
                    args.put("DurationSeconds", duration);
                }
            } catch (IllegalArgumentException e) {
                return null; // not a value anyone sends; resolving reports it
            }
            return cache.assumeRole(args);
        }
        return null;
    }

    /** AssumeRoleWithWebIdentity, from a profile or from {@code AWS_ROLE_ARN}: the CLI keys both alike. */
    static SharedCache.Entry webIdentity(SharedCache cache, String roleArn, String sessionName) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("RoleArn", roleArn);
        if (sessionName != null) {
            args.put("RoleSessionName", sessionName);
        }
        return cache.assumeRole(args);
    }
}
