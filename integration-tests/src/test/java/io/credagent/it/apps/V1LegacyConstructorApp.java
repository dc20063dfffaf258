package io.credagent.it.apps;

import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClient;
import com.amazonaws.services.securitytoken.model.GetCallerIdentityRequest;

/**
 * An unmodified, old-style SDK v1 program: {@code new AWSSecurityTokenServiceClient()}, which takes
 * its credentials from {@code DefaultAWSCredentialsProviderChain.getInstance()}, or, given
 * {@code KEY:SECRET}, {@code new AWSSecurityTokenServiceClient(new BasicAWSCredentials(KEY, SECRET))},
 * which wraps them in the SDK's internal {@code StaticCredentialsProvider}. Arguments: endpoint,
 * number of GetCallerIdentity calls (default 1), keys (optional). Prints {@code ARN=<arn>} per call; on any exception
 * {@code ERROR=<class>: <message>} and exit code 3.
 */
public final class V1LegacyConstructorApp {
    private V1LegacyConstructorApp() {
    }

    @SuppressWarnings("deprecation")
    public static void main(String[] args) {
        String endpoint = args[0];
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        CallerIdentityCalls.run(calls, () -> {
            AWSSecurityTokenServiceClient sts = args.length > 2
                    ? new AWSSecurityTokenServiceClient(new BasicAWSCredentials(args[2].split(":")[0], args[2].split(":")[1]))
                    : new AWSSecurityTokenServiceClient();
            sts.setEndpoint(endpoint);
            return () -> sts.getCallerIdentity(new GetCallerIdentityRequest()).getArn();
        });
    }
}
