package io.credagent.it.apps;

import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.securitytoken.AWSSecurityTokenService;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClientBuilder;
import com.amazonaws.services.securitytoken.model.GetCallerIdentityRequest;

/**
 * An unmodified SDK v1 program: an STS client from {@code AWSSecurityTokenServiceClientBuilder.standard()},
 * i.e. the default credential chain. Arguments: endpoint, number of GetCallerIdentity calls (default 1).
 * Prints {@code ARN=<arn>} per call; on any exception {@code ERROR=<class>: <message>} and exit code 3.
 */
public final class V1BuilderApp {
    private V1BuilderApp() {
    }

    public static void main(String[] args) {
        String endpoint = args[0];
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        CallerIdentityCalls.run(calls, () -> {
            AWSSecurityTokenService sts = AWSSecurityTokenServiceClientBuilder.standard()
                    .withEndpointConfiguration(new EndpointConfiguration(endpoint, "us-east-1"))
                    .build();
            return () -> sts.getCallerIdentity(new GetCallerIdentityRequest()).getArn();
        });
    }
}
