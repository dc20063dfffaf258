package io.credagent.chain;

import io.credagent.credentials.SdkErrors;
import io.credagent.credentials.CredentialException;
import io.credagent.credentials.Credentials;

import io.credagent.sharedcache.SharedCache;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One profile of the shared config/credentials files, resolved by the SDK's
 * {@link ProfileCredentialsProvider}: static keys, assume-role through {@code source_profile} chains
 * and {@code credential_source}, legacy SSO and {@code sso-session} (with token refresh).
 * Three cases are built here instead: a profile with {@code role_arn} + {@code web_identity_token_file},
 * only to control the STS region ({@link StsRegion}); a profile whose own source is
 * {@code credential_process}, run by {@link CredentialProcess} with a time limit; and a role whose
 * {@code source_profile} chain ends in {@code credential_process} ({@link ProcessSourcedRole}: the
 * same time limit, the SDK's assume-role).
 *
 * <p>The provider is built once and kept: the SDK provider keeps its delegate (STS/SSO providers
 * that prefetch; credagent's process provider caches until expiry) as long as the profile file is the same.
 *
 * <p>When the profile was chosen explicitly (credagent's {@code profile} option, {@code AWS_PROFILE},
 * {@code aws.profile}), its absence is an error naming the files and the profiles they do have.
 * When only credagent's option chose it, a profile without credential settings is an error too;
 * otherwise such a profile (only {@code region}, say) is simply not configured.
 */
final class ProfileStep implements Step {

    /** SDK messages that mean "the profile's settings are wrong", whatever the profile kind. */
    private static final List<String> INVALID_PROFILE_MESSAGES = Arrays.asList(
            "Invalid profile file", "must be set to use", "is not a valid credential_source",
            "Profile file contained no", "Sso-session section not found", "does not have sso_session",
            "has different", "must not be defined for", "must be configured with a source profile",
            "was not configured for", "has no credentials configured", RoleProfiles.BAD_DURATION);

    private final String name;
    private final String selectedBy;
    private final boolean onlySource;
    private final ProfileFiles files;
    private final Environment env;
    private final String optionRegion;
    private final Duration processTimeout;
    private final SharedCache sharedCache;
    private final LastCredentials last = new LastCredentials();
    private final Lazy<AwsCredentialsProvider> provider = new Lazy<>(this::buildProvider);
    private volatile String source;
    private volatile SharedCache.Entry shared;
    /** The {@code aws login} session the profile's chain ends in, or null. */
    private volatile Path loginFile;

    /**
     * @param selectedBy  what chose the profile ({@code credagent option profile}, {@code AWS_PROFILE},
     *                    {@code -Daws.profile}), or null for the implicit {@code default}
     * @param onlySource  true when this profile is the whole chain (credagent's {@code profile} option)
     * @param processTimeout how long this profile's own {@code credential_process} may run ({@code process-timeout})
     * @param sharedCache where temporary credentials are shared with other processes ({@code cache})
     */
    ProfileStep(String name, String selectedBy, boolean onlySource, ProfileFiles files, Environment env,
                String optionRegion, Duration processTimeout, SharedCache sharedCache) {
        this.name = name;
        this.selectedBy = selectedBy;
        this.onlySource = onlySource;
        this.files = files;
        this.env = env;
        this.optionRegion = optionRegion;
        this.processTimeout = processTimeout;
        this.sharedCache = sharedCache;
    }

    @Override
    public boolean isConfigured() {
        ProfileFile file = files.profileFile();
        Profile profile = file.profile(name).orElse(null);
        if (profile == null) {
            if (selectedBy != null) {
                throw missingProfile(file);
            }
            return false;
        }
        if (!ProfileKind.hasCredentials(profile)) {
            if (onlySource) {
                throw new CredentialException(CredentialException.Category.INVALID_PROFILE,
                        "profile '" + name + "' (" + selectedBy + ") has no credential settings in " + files.locations()
                                + "; add one of " + String.join(", ", ProfileKind.CREDENTIAL_PROPERTIES));
            }
            return false;
        }
        return true;
    }

    @Override
    public String notConfiguredReason() {
        ProfileFile file = files.profileFile();
        if (file.profile(name).isPresent()) {
            return "no credential settings in it; " + files.locations();
        }
        return files.locations();
    }

    private CredentialException missingProfile(ProfileFile file) {
        List<String> existing = new ArrayList<>(file.profiles().keySet());
        Collections.sort(existing);
        String hint = files.configHasUnprefixedSection(name)
                ? "; " + files.display(files.configFile()) + " has [" + name + "], which only counts in the credentials file:"
                        + " write [profile " + name + "]"
                : "; fix the name or add the profile";
        return new CredentialException(CredentialException.Category.INVALID_PROFILE,
                "profile '" + name + "' (" + selectedBy + ") not found in " + files.locations()
                        + "; existing profiles: " + (existing.isEmpty() ? "none" : String.join(", ", existing)) + hint);
    }

    @Override
    public Credentials resolve() {
        try {
            AwsCredentialsProvider current = provider.get();
            return last.remember(sharedCache.resolve(shared, source, () -> last.remember(
                    sharedCache.holdingLockOf(loginFile, current::resolveCredentials), source)));
        } catch (CredentialException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    /** Runs once (see {@link Lazy}); also records what the step answers from, for messages. */
    private AwsCredentialsProvider buildProvider() {
        ProfileFile file = files.profileFile();
        Profile profile = profile(file);
        StsRegion region = StsRegion.choose(env, profile, optionRegion);
        source = "profile '" + name + "' (" + ProfileKind.describe(profile) + ")";
        shared = SharedEntries.forProfile(sharedCache, profile);
        Profile leaf = ProfileKind.leaf(file, profile);
        loginFile = ProfileKind.isLogin(leaf) ? LoginCacheFile.of(leaf, env, files) : null;
        if (ProfileKind.isProcess(profile)) {
            // Run by credagent, with a time limit the SDK's provider lacks.
            return new CredentialProcess(name, source, profile.property(ProfileProperty.CREDENTIAL_PROCESS).get(),
                    profile.property(ProfileProperty.AWS_ACCOUNT_ID).orElse(null), processTimeout,
                    CredentialProcess.OUTPUT_LIMIT);
        }
        if (ProfileKind.isWebIdentity(profile)) {
            return WebIdentityProviders.create(
                    Paths.get(profile.property(ProfileProperty.WEB_IDENTITY_TOKEN_FILE).get()),
                    profile.property(ProfileProperty.ROLE_ARN).get(),
                    profile.property(ProfileProperty.ROLE_SESSION_NAME).orElse(null),
                    region, file, name);
        }
        ProfileFile withStsRegion = region.addToRoleProfiles(file);
        List<Profile> processSourced = ProcessSourcedRole.chain(withStsRegion, profile(withStsRegion));
        if (!processSourced.isEmpty()) {
            // The same time limit for a process the role's source_profile chain ends in.
            Profile processProfile = processSourced.get(processSourced.size() - 1);
            return ProcessSourcedRole.create(processSourced,
                    source + " via profile '" + processProfile.name() + "' (" + ProfileKind.describe(processProfile) + ")",
                    processTimeout);
        }
        return ProfileCredentialsProvider.builder()
                .profileFile(InstanceMetadataStep.v2Only(withStsRegion,
                        ProfileKind.instanceMetadataSourced(file)))
                .profileName(name)
                .build();
    }

    private Profile profile(ProfileFile file) {
        return file.profile(name).orElseThrow(() -> missingProfile(file));
    }

    /** The SDK's failure as one actionable line; the category follows the profile kind that failed. */
    private CredentialException failure(RuntimeException error) {
        CredentialException ours = SdkErrors.find(error, CredentialException.class);
        if (ours != null) {
            return ours; // from inside the SDK's provider: the MFA code or an mfa_process
        }
        ProfileFile file = files.profileFile();
        Profile profile = profile(file);
        Profile leaf = ProfileKind.leaf(file, profile);
        String where = (source != null ? source : "profile '" + name + "'")
                + (leaf != profile ? " via profile '" + leaf.name() + "' (" + ProfileKind.describe(leaf) + ")" : "");
        String message = SdkErrors.message(error);

        if (ProfileKind.isWebIdentity(profile)) {
            return WebIdentityProviders.failure(error, where, "web_identity_token_file in profile '" + name + "'");
        }
        if (ProfileKind.isInstanceMetadataSourced(leaf) && SdkErrors.find(error, AwsServiceException.class) == null) {
            // Not STS's answer (an AwsServiceException): the instance metadata service's.
            return new CredentialException(CredentialException.Category.IMDS_ERROR, where
                    + ": credential_source Ec2InstanceMetadata failed: " + message
                    + "; check the instance's IAM role and metadata options (IMDSv2 hop limit in containers)", error);
        }
        if (ProfileKind.isLogin(leaf)) {
            return loginSessionFailure(error, leaf, where, message);
        }
        if (SdkErrors.isServiceError(error)) {
            return new CredentialException(CredentialException.Category.SERVICE_ERROR, where + ": " + message
                    + (ProfileKind.isSso(leaf) ? loginHint(leaf) : ""), error);
        }
        if (isProfileMistake(error)) {
            return new CredentialException(CredentialException.Category.INVALID_PROFILE, where + ": " + message
                    + "; fix the profile in " + files.locations(), error);
        }
        if (ProfileKind.isProcess(leaf)) {
            return new CredentialException(CredentialException.Category.PROCESS_ERROR, where
                    + ": credential_process of profile '" + leaf.name() + "' failed: " + processMessage(error, message)
                    + "; run the command by hand to see why", error);
        }
        if (ProfileKind.isSso(leaf)) {
            return ssoFailure(error, leaf, where, message);
        }
        String missing = SdkErrors.missingFile(error);
        if (missing != null) {
            return new CredentialException(CredentialException.Category.FILE_NOT_FOUND, where + ": file not found: "
                    + missing + "; fix the path in profile '" + leaf.name() + "'", error);
        }
        if (SdkErrors.isNetworkError(error)) {
            return new CredentialException(CredentialException.Category.SERVICE_ERROR, where + ": cannot reach "
                    + (ProfileKind.isRole(profile) ? "STS" : "the credential service") + ": " + message
                    + "; check network access, the region and AWS_ENDPOINT_URL_* settings", error);
        }
        if (error instanceof IllegalArgumentException || error instanceof IllegalStateException) {
            return new CredentialException(CredentialException.Category.INVALID_PROFILE, where + ": " + message
                    + "; fix the profile in " + files.locations(), error);
        }
        return new CredentialException(CredentialException.Category.INTERNAL, where + ": unexpected failure: " + message, error);
    }

    /**
     * An {@code aws login} session that could not give credentials: a person has to log in again
     * when the cache entry is missing or its refresh token is no longer accepted.
     */
    private static CredentialException loginSessionFailure(RuntimeException error, Profile leaf, String where, String message) {
        String login = "run: aws login --profile " + leaf.name();
        boolean needsPerson = message.contains("re-authenticate") || message.contains("reauthenticate")
                || message.contains("TOKEN_EXPIRED") || message.contains("USER_CREDENTIALS_CHANGED");
        if (needsPerson) {
            return new CredentialException(CredentialException.Category.NEEDS_PERSON, where + ": " + message + "; " + login,
                    error);
        }
        if (SdkErrors.isServiceError(error) || SdkErrors.isNetworkError(error)) {
            return new CredentialException(CredentialException.Category.SERVICE_ERROR, where + ": AWS Sign-In refused or"
                    + " could not be reached: " + message + "; if it persists, " + login, error);
        }
        return new CredentialException(CredentialException.Category.INVALID_PROFILE, where + ": " + message + "; " + login,
                error);
    }

    private static boolean isProfileMistake(RuntimeException error) {
        String text = error.getMessage();
        if (text == null || text.startsWith("Command returned")) { // a process's stderr may say anything
            return false;
        }
        for (String marker : INVALID_PROFILE_MESSAGES) {
            if (text.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A JSON parser's message quotes the process output, which holds the secret key: say what was
     * wrong instead of repeating it.
     */
    private static String processMessage(RuntimeException error, String message) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().contains("Json")) {
                return "its output is not valid JSON (" + t.getClass().getSimpleName() + "); expected "
                        + "{\"Version\": 1, \"AccessKeyId\": ..., \"SecretAccessKey\": ..., \"SessionToken\": ..., \"Expiration\": ...}";
            }
        }
        return message;
    }

    private CredentialException ssoFailure(RuntimeException error, Profile leaf, String where, String message) {
        Path cache = ProfileKind.ssoTokenCacheFile(leaf, files.homeDirectory());
        if (cache != null && !Files.exists(cache)) {
            return new CredentialException(CredentialException.Category.FILE_NOT_FOUND, where
                    + ": SSO token cache file " + files.display(cache) + " not found" + loginHint(leaf), error)
                    .fixedByLogin(leaf.name());
        }
        if (SdkErrors.isNetworkError(error)) {
            return new CredentialException(CredentialException.Category.SERVICE_ERROR, where
                    + ": cannot reach AWS SSO: " + message + "; check network access and sso_region", error);
        }
        return new CredentialException(CredentialException.Category.SERVICE_ERROR, where
                + ": the SSO token" + (cache != null ? " in " + files.display(cache) : "")
                + " is expired or unusable (" + message + ")" + loginHint(leaf), error).fixedByLogin(leaf.name());
    }

    private static String loginHint(Profile ssoProfile) {
        return "; run: aws sso login --profile " + ssoProfile.name() + " (or: java -jar credagent.jar login --profile "
                + ssoProfile.name() + ")";
    }

    @Override
    public String describe() {
        return "profile '" + name + "'" + (selectedBy != null ? " (" + selectedBy + ")" : "");
    }
}
