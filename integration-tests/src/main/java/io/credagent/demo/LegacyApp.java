package io.credagent.demo;

import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.securitytoken.AWSSecurityTokenService;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClientBuilder;
import com.amazonaws.services.securitytoken.model.GetCallerIdentityRequest;

/**
 * A legacy application on AWS SDK for Java v1, unchanged: default credential chain, no SSO
 * support of its own. The only thing it is told is where STS is (the demo's fake).
 */
public final class LegacyApp {

    private LegacyApp() {
    }

    public static void main(String[] args) {
        AWSSecurityTokenService sts = AWSSecurityTokenServiceClientBuilder.standard()
                .withEndpointConfiguration(new EndpointConfiguration(args[0], "us-east-1"))
                .build();
        try {
            System.out.println("   GetCallerIdentity: " + sts.getCallerIdentity(new GetCallerIdentityRequest()).getArn());
        } catch (RuntimeException e) {
            System.out.println("   failed: " + e.getClass().getSimpleName() + ": " + e.getMessage().split("\n")[0]);
        }
    }
}
