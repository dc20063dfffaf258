package io.credagent.chain;

import io.credagent.credentials.SdkErrors;
import io.credagent.credentials.CredentialException;

import io.credagent.config.AgentConfig;
import software.amazon.awssdk.auth.token.credentials.ProfileTokenProvider;
import software.amazon.awssdk.auth.token.credentials.SdkToken;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The IAM Identity Center bearer token of a profile's {@code sso_session}, read by the SDK's
 * {@link ProfileTokenProvider} from the SSO token cache (and refreshed through SSO OIDC when it is
 * about to expire, as the SDK does). Not credentials: the CLI's {@code resolve --scope token}
 * shows it, to check an {@code aws sso login} without calling any service.
 */
public final class SsoBearerToken {

    private final String token;
    private final Instant expiration;
    private final String source;

    private SsoBearerToken(String token, Instant expiration, String source) {
        this.token = token;
        this.expiration = expiration;
        this.source = source;
    }

    /**
     * The profile is credagent's {@code profile} option, else {@code aws.profile} / {@code AWS_PROFILE},
     * else {@code default}, as for credentials.
     *
     * @throws CredentialException INVALID_PROFILE for a missing profile or one without {@code sso_session},
     *                             FILE_NOT_FOUND for a missing cache file, SERVICE_ERROR otherwise
     */
    public static SsoBearerToken resolve(AgentConfig config, Environment env) {
        ProfileFiles files = ProfileFiles.locate(env);
        String name = config.profile() != null ? config.profile() : CredentialChain.selectedProfileName(env);
        ProfileFile file = files.profileFile();
        Profile profile = file.profile(name).orElseThrow(() -> new CredentialException(
                CredentialException.Category.INVALID_PROFILE,
                "profile '" + name + "' not found in " + files.locations()));
        String where = "SSO token of profile '" + name + "'";
        try {
            SdkToken sdk = AgentContextLoader.call(() -> ProfileTokenProvider.builder().profileFile(() -> file)
                    .profileName(name).build().resolveToken());
            return new SsoBearerToken(sdk.token(), sdk.expirationTime().orElse(null),
                    "profile '" + name + "' (" + ProfileKind.describe(profile) + ")");
        } catch (CredentialException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(e, profile, files, where);
        }
    }

    private static CredentialException failure(RuntimeException error, Profile profile, ProfileFiles files, String where) {
        String message = SdkErrors.message(error);
        if (!profile.property(ProfileKind.SSO_SESSION).isPresent()) {
            return new CredentialException(CredentialException.Category.INVALID_PROFILE, where + ": " + message
                    + "; the profile needs sso_session = <name> and an [sso-session <name>] section", error);
        }
        Path cache = ProfileKind.ssoTokenCacheFile(profile, files.homeDirectory());
        if (cache != null && !Files.exists(cache)) {
            return new CredentialException(CredentialException.Category.FILE_NOT_FOUND, where
                    + ": SSO token cache file " + files.display(cache) + " not found; run: aws sso login --profile "
                    + profile.name(), error);
        }
        if (error instanceof IllegalArgumentException || error instanceof IllegalStateException) {
            return new CredentialException(CredentialException.Category.INVALID_PROFILE, where + ": " + message
                    + "; fix the profile in " + files.locations(), error);
        }
        return new CredentialException(CredentialException.Category.SERVICE_ERROR, where + ": " + message
                + "; run: aws sso login --profile " + profile.name(), error);
    }

    /** The bearer token itself: a secret. */
    public String token() {
        return token;
    }

    /** Null when the cache does not say. */
    public Instant expiration() {
        return expiration;
    }

    /** {@code profile 'dev' (sso-session 'corp')} */
    public String source() {
        return source;
    }
}
