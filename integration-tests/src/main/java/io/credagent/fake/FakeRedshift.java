package io.credagent.fake;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Amazon Redshift's IAM authentication calls over the query protocol, on the fake's root path beside
 * STS and told apart by their action (the Redshift JDBC driver keeps only the scheme, host and port
 * of its endpoint URL property): {@code GetClusterCredentials} and
 * {@code GetClusterCredentialsWithIAM}, SigV4-signed (service {@code redshift}) with a key the fake
 * issued. Answers a temporary database user and password, as Redshift does.
 */
final class FakeRedshift {
    private static final Set<String> ACTIONS = Set.of("GetClusterCredentials", "GetClusterCredentialsWithIAM");
    static final String NAMESPACE = "http://redshift.amazonaws.com/doc/2012-12-01/";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Principals principals;
    private final SigV4Verifier verifier;

    FakeRedshift(Principals principals) {
        this.principals = principals;
        this.verifier = new SigV4Verifier(principals, "redshift");
    }

    static boolean handles(HttpCall call) {
        return ACTIONS.contains(call.queryAndFormParams().get("Action"));
    }

    Reply handle(HttpCall call) {
        Map<String, String> params = call.queryAndFormParams();
        String action = params.get("Action");
        call.action = action;
        try {
            Principal caller = verifier.verify(call, Instant.now());
            call.details = FakeSts.details(params, "ClusterIdentifier", "DbUser", "DbName", "AutoCreate");
            if ("GetClusterCredentials".equals(action)) {
                String dbUser = params.get("DbUser");
                if (dbUser == null) {
                    throw new AwsError(400, "ValidationError", "1 validation error detected: Value null at 'dbUser' failed"
                            + " to satisfy constraint: Member must not be null");
                }
                return FakeSts.response(NAMESPACE, action, "<DbUser>IAM:" + FakeSts.xml(dbUser) + "</DbUser>"
                        + dbPassword() + "<Expiration>" + Instant.now().plus(Duration.ofMinutes(15)) + "</Expiration>");
            }
            if ("GetClusterCredentialsWithIAM".equals(action)) {
                String roleName = caller.arn().replaceAll(".*:assumed-role/([^/]+)/.*", "$1");
                return FakeSts.response(NAMESPACE, action, "<DbUser>IAMR:" + FakeSts.xml(roleName) + "</DbUser>"
                        + dbPassword() + "<Expiration>" + Instant.now().plus(Duration.ofMinutes(15)) + "</Expiration>"
                        + "<NextRefreshTime>" + Instant.now().plus(Duration.ofMinutes(10)) + "</NextRefreshTime>");
            }
            throw new AwsError(400, "InvalidAction", "Could not find operation " + action);
        } catch (AwsError e) {
            return FakeSts.error(e);
        }
    }

    /** A fresh temporary database password, remembered as a secret so leak checks cover it. */
    private String dbPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        principals.rememberSecret(password);
        return "<DbPassword>" + password + "</DbPassword>";
    }
}
