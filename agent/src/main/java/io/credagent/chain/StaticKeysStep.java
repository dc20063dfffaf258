package io.credagent.chain;

import io.credagent.credentials.CredentialException;
import io.credagent.credentials.Credentials;

import java.util.function.Function;

/**
 * Static keys from system properties or environment variables, read on every lookup (a map look-up
 * each): applications often set {@code aws.accessKeyId} in {@code main}, after the agent started.
 *
 * <p>Read here rather than through the SDK's {@code SystemPropertyCredentialsProvider} /
 * {@code EnvironmentVariableCredentialsProvider} because those read the real process directly,
 * and the chain must decide from the injected {@link Environment}. The names are the SDK v2 names,
 * plus the SDK v1 spellings ({@code aws.secretKey}, {@code AWS_ACCESS_KEY}, {@code AWS_SECRET_KEY})
 * as fallbacks: the applications credagent rescues are v1 applications that may use them.
 */
final class StaticKeysStep implements Step {

    private final String description;
    private final Function<String, String> lookup;
    private final String[] accessKeyIdNames;
    private final String[] secretKeyNames;
    private final String sessionTokenName;
    private final String accountIdName;
    private final LastCredentials last = new LastCredentials();

    private StaticKeysStep(String description, Function<String, String> lookup, String[] accessKeyIdNames,
                           String[] secretKeyNames, String sessionTokenName, String accountIdName) {
        this.description = description;
        this.lookup = lookup;
        this.accessKeyIdNames = accessKeyIdNames;
        this.secretKeyNames = secretKeyNames;
        this.sessionTokenName = sessionTokenName;
        this.accountIdName = accountIdName;
    }

    static StaticKeysStep systemProperties(Environment env) {
        return new StaticKeysStep("system properties", env::systemProperty,
                new String[] {"aws.accessKeyId"}, new String[] {"aws.secretAccessKey", "aws.secretKey"},
                "aws.sessionToken", "aws.accountId");
    }

    static StaticKeysStep environmentVariables(Environment env) {
        return new StaticKeysStep("environment variables", env::env,
                new String[] {"AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"},
                new String[] {"AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY"},
                "AWS_SESSION_TOKEN", "AWS_ACCOUNT_ID");
    }

    /** Either key counts: half a configuration is a mistake to report, not a reason to look elsewhere. */
    @Override
    public boolean isConfigured() {
        return first(accessKeyIdNames) != null || first(secretKeyNames) != null;
    }

    @Override
    public Credentials resolve() {
        String accessKeyId = first(accessKeyIdNames);
        String secretKey = first(secretKeyNames);
        if (accessKeyId == null || secretKey == null) {
            String missing = accessKeyId == null ? accessKeyIdNames[0] : secretKeyNames[0];
            String present = accessKeyId == null ? secretKeyNames[0] : accessKeyIdNames[0];
            throw new CredentialException(CredentialException.Category.NOT_CONFIGURED,
                    "static keys in " + description + " are incomplete: " + present + " is set but " + missing
                            + " is missing or blank; set both, or neither");
        }
        return last.remember(new Credentials(accessKeyId, secretKey, value(sessionTokenName), null,
                value(accountIdName), description));
    }

    @Override
    public String describe() {
        return description;
    }

    private String first(String[] names) {
        for (String name : names) {
            String value = value(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Trimmed; blank counts as unset ({@code AWS_ACCESS_KEY_ID=" "} is a common leftover). */
    private String value(String name) {
        return Environment.nonBlank(lookup.apply(name));
    }
}
