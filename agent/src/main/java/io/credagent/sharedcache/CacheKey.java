package io.credagent.sharedcache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The file names the AWS CLI gives its cached credentials, computed byte for byte as botocore does,
 * so that the CLI, credagent and every JVM on the host find each other's entries.
 *
 * <p>The CLI hashes Python's {@code json.dumps(args, sort_keys=True)}: keys sorted, separators
 * {@code ", "} and {@code ": "} (the SSO key uses {@code ","} and {@code ":"}), non-ASCII escaped as
 * lowercase {@code \\uXXXX}, {@code /} left alone; then the SHA-1 hex digest, with {@code :} and
 * {@code /} made file-safe (a hex digest has neither, but that is the CLI's rule).
 */
public final class CacheKey {

    private CacheKey() {
    }

    /**
     * An AssumeRole or AssumeRoleWithWebIdentity entry: the arguments the CLI sends ({@code RoleArn},
     * and when the profile sets them {@code RoleSessionName}, {@code ExternalId}, {@code SerialNumber},
     * {@code DurationSeconds} as a number). A generated session name is not part of the key.
     *
     * @param args values are {@link String} or {@link Integer}
     */
    public static String assumeRole(Map<String, ?> args) {
        return fileSafe(sha1Hex(pythonJson(args, ", ", ": ")));
    }

    /** An SSO role entry: {@code sessionName} for an sso-session profile, else the legacy {@code startUrl}. */
    public static String ssoRole(String accountId, String roleName, String sessionName, String startUrl) {
        Map<String, Object> args = new TreeMap<>();
        args.put("accountId", accountId);
        args.put("roleName", roleName);
        if (sessionName != null) {
            args.put("sessionName", sessionName);
        } else {
            args.put("startUrl", startUrl);
        }
        return fileSafe(sha1Hex(pythonJson(args, ",", ":")));
    }

    /** The SSO token file of {@code ~/.aws/sso/cache}: SHA-1 hex of the sso-session name, or of the start URL for legacy profiles. */
    public static String ssoToken(String sessionNameOrStartUrl) {
        return sha1Hex(sessionNameOrStartUrl);
    }

    /** The {@code aws login} cache entry of {@code ~/.aws/login/cache}: SHA-256 hex of the profile's {@code login_session}. */
    public static String loginSession(String loginSession) {
        return hex("SHA-256", loginSession);
    }

    /** credagent's own entries for {@code credential_process} results, which the CLI never caches. */
    public static String credentialProcess(String command, String profileName) {
        Map<String, Object> args = new TreeMap<>();
        args.put("CredentialProcess", command);
        args.put("Profile", profileName);
        return fileSafe(sha1Hex(pythonJson(args, ", ", ": ")));
    }

    /**
     * The AWS CLI's SSO client registration entry ({@code ~/.aws/sso/cache/<key>.json}): SHA-1 of
     * {@code json.dumps({"region", "scopes", "session_name", "startUrl", "tool": "botocore"}, sort_keys=True)},
     * {@code scopes} a list or null, {@code session_name} null for a legacy profile. Not made file-safe (as the CLI).
     */
    public static String ssoRegistration(String startUrl, String region, java.util.List<String> scopes, String sessionName) {
        Map<String, Object> args = new TreeMap<>();
        args.put("tool", "botocore");
        args.put("startUrl", startUrl);
        args.put("region", region);
        args.put("scopes", scopes);
        args.put("session_name", sessionName);
        return sha1Hex(pythonJson(args, ", ", ": "));
    }

    static String pythonJson(Map<String, ?> args, String itemSeparator, String keySeparator) {
        return PythonJson.write(new TreeMap<>(args), itemSeparator, keySeparator);
    }

    private static String sha1Hex(String text) {
        return hex("SHA-1", text);
    }

    private static String hex(String algorithm, String text) {
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every JVM", e);
        }
    }

    private static String fileSafe(String key) {
        return key.replace(':', '_').replace('/', '_');
    }
}
