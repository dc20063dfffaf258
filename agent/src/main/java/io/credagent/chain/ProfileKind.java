package io.credagent.chain;

import io.credagent.sharedcache.CacheKey;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What kind of credentials a profile holds, read from its property names only, in the order the
 * SDK's {@code ProfileCredentialsUtils} checks them. Used to decide whether a profile counts as
 * configured, to describe it, and to name the right cause when the SDK fails on it. It never
 * builds credentials: that stays the SDK's job.
 */
final class ProfileKind {

    static final String SSO_SESSION = "sso_session";
    /** What {@code aws login} writes into a profile: the ARN its login cache entry is keyed by. */
    static final String LOGIN_SESSION = "login_session";

    /**
     * A profile with one of these is meant to give credentials. A profile with only {@code region}
     * or {@code max_attempts} is not, and counts as not configured.
     */
    static final List<String> CREDENTIAL_PROPERTIES = Arrays.asList(
            ProfileProperty.AWS_ACCESS_KEY_ID, ProfileProperty.AWS_SECRET_ACCESS_KEY, ProfileProperty.AWS_SESSION_TOKEN,
            ProfileProperty.ROLE_ARN, ProfileProperty.SOURCE_PROFILE, ProfileProperty.CREDENTIAL_SOURCE,
            SSO_SESSION, ProfileProperty.SSO_START_URL, ProfileProperty.SSO_ACCOUNT_ID, ProfileProperty.SSO_ROLE_NAME,
            ProfileProperty.SSO_REGION, ProfileProperty.CREDENTIAL_PROCESS, ProfileProperty.WEB_IDENTITY_TOKEN_FILE,
            LOGIN_SESSION);

    /** Guards against absurd source_profile chains; the SDK itself reports real cycles. */
    private static final int MAX_CHAIN = 20;

    private ProfileKind() {
    }

    static boolean hasCredentials(Profile profile) {
        for (String property : CREDENTIAL_PROPERTIES) {
            if (profile.properties().containsKey(property)) {
                return true;
            }
        }
        return false;
    }

    static boolean isWebIdentity(Profile profile) {
        return has(profile, ProfileProperty.ROLE_ARN) && has(profile, ProfileProperty.WEB_IDENTITY_TOKEN_FILE);
    }

    static boolean isSso(Profile profile) {
        return !isWebIdentity(profile) && (has(profile, SSO_SESSION) || has(profile, ProfileProperty.SSO_START_URL)
                || has(profile, ProfileProperty.SSO_ACCOUNT_ID) || has(profile, ProfileProperty.SSO_ROLE_NAME)
                || has(profile, ProfileProperty.SSO_REGION));
    }

    static boolean isRole(Profile profile) {
        return !isWebIdentity(profile) && !isSso(profile) && has(profile, ProfileProperty.ROLE_ARN);
    }

    /** An {@code aws login} session: checked before credential_process and static keys, as the SDK does. */
    static boolean isLogin(Profile profile) {
        return !isWebIdentity(profile) && !isSso(profile) && !isRole(profile) && has(profile, LOGIN_SESSION);
    }

    static boolean isProcess(Profile profile) {
        return !isWebIdentity(profile) && !isSso(profile) && !isRole(profile) && !isLogin(profile)
                && has(profile, ProfileProperty.CREDENTIAL_PROCESS);
    }

    /** {@code credential_source = Ec2InstanceMetadata}: a role whose base credentials come from IMDS. */
    static boolean isInstanceMetadataSourced(Profile profile) {
        return isRole(profile) && "Ec2InstanceMetadata".equals(
                profile.property(ProfileProperty.CREDENTIAL_SOURCE).map(String::trim).orElse(null));
    }

    /** The names of the profiles with {@code credential_source = Ec2InstanceMetadata}. */
    static List<String> instanceMetadataSourced(ProfileFile file) {
        List<String> names = new ArrayList<>();
        for (Profile profile : file.profiles().values()) {
            if (isInstanceMetadataSourced(profile)) {
                names.add(profile.name());
            }
        }
        return names;
    }

    /** {@code sso-session 'corp'}, {@code credential_process}, {@code assume role via source_profile 'base'}, ... */
    static String describe(Profile profile) {
        if (isWebIdentity(profile)) {
            return "web_identity_token_file";
        }
        if (isSso(profile)) {
            String session = profile.property(SSO_SESSION).orElse(null);
            return session != null ? "sso-session '" + session + "'" : "legacy SSO";
        }
        if (isRole(profile)) {
            String sourceProfile = profile.property(ProfileProperty.SOURCE_PROFILE).orElse(null);
            if (sourceProfile != null) {
                return "assume role via source_profile '" + sourceProfile + "'";
            }
            String credentialSource = profile.property(ProfileProperty.CREDENTIAL_SOURCE).orElse(null);
            return credentialSource != null ? "assume role via credential_source " + credentialSource : "assume role";
        }
        if (isLogin(profile)) {
            return "aws login session";
        }
        if (isProcess(profile)) {
            return "credential_process";
        }
        if (has(profile, ProfileProperty.WEB_IDENTITY_TOKEN_FILE)) {
            return "web_identity_token_file without role_arn";
        }
        if (has(profile, ProfileProperty.AWS_SESSION_TOKEN)) {
            return "static session keys";
        }
        return "static keys";
    }

    /**
     * The profile that finally provides the base credentials: follows {@code source_profile} from
     * role profiles. A role assumed from an SSO or process profile fails like that leaf does.
     */
    static Profile leaf(ProfileFile file, Profile profile) {
        List<Profile> chain = sourceChain(file, profile);
        return chain.get(chain.size() - 1);
    }

    /** {@code profile}, then each {@code source_profile} that role profiles name, down to the {@link #leaf}. */
    static List<Profile> sourceChain(ProfileFile file, Profile profile) {
        List<Profile> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Profile current = profile;
        chain.add(current);
        while (isRole(current) && seen.add(current.name()) && seen.size() < MAX_CHAIN) {
            String source = current.property(ProfileProperty.SOURCE_PROFILE).orElse(null);
            Profile next = source == null ? null : file.profile(source).orElse(null);
            if (next == null || next.name().equals(current.name())) {
                break;
            }
            current = next;
            chain.add(current);
        }
        return chain;
    }

    /**
     * Where the SDK keeps the SSO token for this SSO profile: {@code <home>/.aws/sso/cache/<sha1>.json},
     * the SHA-1 of the sso-session name, or of the start URL for legacy profiles. Null if unknown.
     */
    static Path ssoTokenCacheFile(Profile profile, String homeDirectory) {
        if (homeDirectory == null) {
            return null;
        }
        String session = profile.property(SSO_SESSION).orElse(null);
        String key = session != null ? session : profile.property(ProfileProperty.SSO_START_URL).orElse(null);
        if (key == null) {
            return null;
        }
        return Paths.get(homeDirectory, ".aws", "sso", "cache", CacheKey.ssoToken(key) + ".json");
    }

    private static boolean has(Profile profile, String property) {
        return profile.properties().containsKey(property);
    }
}
