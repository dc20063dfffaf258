package io.credagent.it.apps;

import com.amazonaws.auth.AWSCredentialsProvider;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.auth.EnvironmentVariableCredentialsProvider;
import com.amazonaws.auth.InstanceProfileCredentialsProvider;
import com.amazonaws.auth.SystemPropertiesCredentialsProvider;
import com.amazonaws.auth.profile.ProfileCredentialsProvider;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.securitytoken.AWSSecurityTokenService;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClientBuilder;
import com.amazonaws.services.securitytoken.model.GetCallerIdentityRequest;
import java.lang.reflect.Constructor;

/**
 * An unmodified SDK v1 program that picks its credentials provider explicitly. Arguments: endpoint,
 * number of GetCallerIdentity calls, provider: {@code environment}, {@code system-properties},
 * {@code profile} or {@code profile:NAME}, {@code s3-chain} (what {@code new AmazonS3Client()} uses),
 * {@code instance-profile}, {@code static:KEY:SECRET}, {@code own:KEY:SECRET} (a provider class of the
 * application's own). Prints {@code ARN=<arn>} per call; on any
 * exception {@code ERROR=<class>: <message>} and exit code 3.
 */
public final class V1ProviderApp {
    private V1ProviderApp() {
    }

    public static void main(String[] args) {
        String endpoint = args[0];
        int calls = Integer.parseInt(args[1]);
        CallerIdentityCalls.run(calls, () -> {
            AWSSecurityTokenService sts = AWSSecurityTokenServiceClientBuilder.standard()
                    .withCredentials(provider(args[2]))
                    .withEndpointConfiguration(new EndpointConfiguration(endpoint, "us-east-1"))
                    .build();
            return () -> sts.getCallerIdentity(new GetCallerIdentityRequest()).getArn();
        });
    }

    static AWSCredentialsProvider provider(String spec) throws ReflectiveOperationException {
        String[] parts = spec.split(":");
        switch (parts[0]) {
            case "environment":
                return new EnvironmentVariableCredentialsProvider();
            case "system-properties":
                return new SystemPropertiesCredentialsProvider();
            case "profile":
                return parts.length > 1 ? new ProfileCredentialsProvider(parts[1]) : new ProfileCredentialsProvider();
            case "s3-chain":
                // Package-private in the SDK: new AmazonS3Client() builds it.
                Constructor<?> chain = Class.forName("com.amazonaws.services.s3.S3CredentialsProviderChain")
                        .getDeclaredConstructor();
                chain.setAccessible(true);
                return (AWSCredentialsProvider) chain.newInstance();
            case "instance-profile":
                return InstanceProfileCredentialsProvider.getInstance();
            case "static":
                return new AWSStaticCredentialsProvider(new BasicAWSCredentials(parts[1], parts[2]));
            case "own":
                return new HardCodedKeys(parts[1], parts[2]);
            default:
                throw new IllegalArgumentException("unknown provider " + spec);
        }
    }

    /** What some applications write instead of AWSStaticCredentialsProvider. */
    static final class HardCodedKeys implements AWSCredentialsProvider {
        private final String key;
        private final String secret;

        HardCodedKeys(String key, String secret) {
            this.key = key;
            this.secret = secret;
        }

        @Override
        public BasicAWSCredentials getCredentials() {
            return new BasicAWSCredentials(key, secret);
        }

        @Override
        public void refresh() {
        }
    }
}
