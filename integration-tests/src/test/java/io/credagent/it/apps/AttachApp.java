package io.credagent.it.apps;

import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.securitytoken.AWSSecurityTokenService;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClientBuilder;
import com.amazonaws.services.securitytoken.model.GetCallerIdentityRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A long-running program with one SDK v1 and one SDK v2 STS client on their default chains, built
 * once. Arguments: endpoint, trigger file. Calls both ({@code ARN=} lines), prints {@code WAITING},
 * waits until the trigger file exists (credagent is attached meanwhile), calls both again with the
 * same clients. On any exception {@code ERROR=<class>: <message>} and exit code 3.
 */
public final class AttachApp {
    private AttachApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        String endpoint = args[0];
        Path trigger = Paths.get(args[1]);
        try (StsClient v2 = StsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1).build()) {
            AWSSecurityTokenService v1 = AWSSecurityTokenServiceClientBuilder.standard()
                    .withEndpointConfiguration(new EndpointConfiguration(endpoint, "us-east-1")).build();
            callBoth(v1, v2);
            System.out.println("WAITING");
            System.out.flush();
            long deadline = System.currentTimeMillis() + 60_000;
            while (!Files.exists(trigger) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            callBoth(v1, v2);
            v1.shutdown();
        } catch (Exception e) {
            System.out.println("ERROR=" + e.getClass().getName() + ": " + e.getMessage());
            System.out.flush();
            System.exit(3);
        }
        System.exit(0);
    }

    private static void callBoth(AWSSecurityTokenService v1, StsClient v2) {
        System.out.println("ARN=" + v1.getCallerIdentity(new GetCallerIdentityRequest()).getArn());
        System.out.println("ARN=" + v2.getCallerIdentity().arn());
        System.out.flush();
    }
}
