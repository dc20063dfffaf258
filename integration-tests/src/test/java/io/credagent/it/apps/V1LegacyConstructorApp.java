package io.credagent.it.apps;

import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClient;
import com.amazonaws.services.securitytoken.model.GetCallerIdentityRequest;

/**
 * An unmodified, old-style SDK v1 program: {@code new AWSSecurityTokenServiceClient()}, which takes
 * its credentials from {@code DefaultAWSCredentialsProviderChain.getInstance()}. Arguments: endpoint,
 * number of GetCallerIdentity calls (default 1). Prints {@code ARN=<arn>} per call; on any exception
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
            AWSSecurityTokenServiceClient sts = new AWSSecurityTokenServiceClient();
            sts.setEndpoint(endpoint);
            return () -> sts.getCallerIdentity(new GetCallerIdentityRequest()).getArn();
        });
    }
}
