package io.credagent.it.apps;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * An unmodified SDK v2 program that picks its credentials provider explicitly. Arguments: endpoint,
 * number of GetCallerIdentity calls, provider: {@code environment}, {@code system-properties},
 * {@code profile} or {@code profile:NAME}, {@code default-profile:NAME} (the default chain with a
 * profile name), {@code instance-profile}, {@code static:KEY:SECRET}, {@code own:KEY:SECRET} (a provider class of the
 * application's own), {@code lambda:KEY:SECRET}. Prints {@code ARN=<arn>} per
 * call; on any exception {@code ERROR=<class>: <message>} and exit code 3.
 */
public final class V2ProviderApp {
    private V2ProviderApp() {
    }

    public static void main(String[] args) {
        String endpoint = args[0];
        int calls = Integer.parseInt(args[1]);
        CallerIdentityCalls.run(calls, () -> {
            StsClient sts = StsClient.builder().credentialsProvider(provider(args[2]))
                    .endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1).build();
            return () -> sts.getCallerIdentity().arn();
        });
    }

    static AwsCredentialsProvider provider(String spec) {
        String[] parts = spec.split(":");
        switch (parts[0]) {
            case "environment":
                return EnvironmentVariableCredentialsProvider.create();
            case "system-properties":
                return SystemPropertyCredentialsProvider.create();
            case "profile":
                return parts.length > 1 ? ProfileCredentialsProvider.create(parts[1]) : ProfileCredentialsProvider.create();
            case "default-profile":
                return DefaultCredentialsProvider.builder().profileName(parts[1]).build();
            case "instance-profile":
                return InstanceProfileCredentialsProvider.create();
            case "static":
                return StaticCredentialsProvider.create(AwsBasicCredentials.create(parts[1], parts[2]));
            case "own":
                return new HardCodedKeys(parts[1], parts[2]);
            case "lambda":
                return () -> AwsBasicCredentials.create(parts[1], parts[2]);
            default:
                throw new IllegalArgumentException("unknown provider " + spec);
        }
    }

    /** What some applications write instead of StaticCredentialsProvider. */
    static final class HardCodedKeys implements AwsCredentialsProvider {
        private final String key;
        private final String secret;

        HardCodedKeys(String key, String secret) {
            this.key = key;
            this.secret = secret;
        }

        @Override
        public AwsBasicCredentials resolveCredentials() {
            return AwsBasicCredentials.create(key, secret);
        }
    }
}
