package io.credagent.it.apps;

import java.net.URI;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * An unmodified SDK v2 program: an STS client with the default credentials provider. Arguments:
 * endpoint, number of GetCallerIdentity calls (default 1). Prints {@code ARN=<arn>} per call; on any
 * exception {@code ERROR=<class>: <message>} and exit code 3.
 */
public final class V2App {
    private V2App() {
    }

    public static void main(String[] args) {
        String endpoint = args[0];
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        CallerIdentityCalls.run(calls, () -> {
            StsClient sts = StsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1).build();
            return () -> sts.getCallerIdentity().arn();
        });
    }
}
