package io.credagent.fake;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The EC2 instance metadata service, IMDSv2 only (session token required, as on hardened
 * instances), serving the instance profile role's credentials. Point SDKs at it with
 * AWS_EC2_METADATA_SERVICE_ENDPOINT=endpoint(). Without a role, everything is 404.
 */
final class FakeImds {
    static final String PREFIX = "/latest/";
    private static final String TOKEN_PATH = "/latest/api/token";
    private static final String CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/";
    private static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
    private static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";

    private final Principals principals;
    private final Supplier<Duration> credentialLifetime;
    private final Map<String, Instant> sessionTokens = new ConcurrentHashMap<>();
    private volatile String roleArn;

    FakeImds(Principals principals, Supplier<Duration> credentialLifetime) {
        this.principals = principals;
        this.credentialLifetime = credentialLifetime;
    }

    /** The instance profile role; null turns the metadata service off (404 everywhere). */
    void role(String roleArn) {
        if (roleArn != null && !Arns.isRoleArn(roleArn)) {
            throw new IllegalArgumentException("not an IAM role ARN: " + roleArn);
        }
        this.roleArn = roleArn;
    }

    Reply handle(HttpCall call) {
        String role = roleArn;
        if (role == null) {
            call.action = "Disabled";
            return Reply.notFound();
        }
        if (TOKEN_PATH.equals(call.rawPath)) {
            call.action = "GetToken";
            return "PUT".equals(call.method) ? issueToken(call) : error(405, "Method Not Allowed");
        }
        call.action = "GetMetadata";
        if (!"GET".equals(call.method)) {
            return error(405, "Method Not Allowed");
        }
        String token = call.header(TOKEN_HEADER);
        Instant tokenExpiry = token == null ? null : sessionTokens.get(token);
        if (tokenExpiry == null || !Instant.now().isBefore(tokenExpiry)) {
            return error(401, "Unauthorized");
        }
        String roleName = Arns.roleName(role);
        if (CREDENTIALS_PATH.equals(call.rawPath)) {
            call.action = "ListRoles";
            return Reply.ok("text/plain", roleName);
        }
        if ((CREDENTIALS_PATH + roleName).equals(call.rawPath)) {
            call.action = "GetCredentials";
            return credentials(call, role);
        }
        // Includes security-credentials-extended/: answering 404 makes SDKs use the classic path.
        return Reply.notFound();
    }

    private Reply issueToken(HttpCall call) {
        String ttl = call.header(TTL_HEADER);
        int seconds;
        try {
            seconds = ttl == null ? -1 : Integer.parseInt(ttl.trim());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 1 || seconds > 21600) {
            return error(400, "Bad Request");
        }
        String token = Principals.randomToken("AQAEA", 51);
        sessionTokens.put(token, Instant.now().plusSeconds(seconds));
        principals.rememberSecret(token);
        return Reply.ok("text/plain", token).withHeader(TTL_HEADER, String.valueOf(seconds));
    }

    /**
     * Fresh keys on every read. Real IMDS rotates well before expiry; handing out new keys each time
     * is the simplest way to never serve nearly-expired credentials to a refreshing client.
     */
    private Reply credentials(HttpCall call, String role) {
        Principal session = principals.issueRoleSession(role, "i-0123456789abcdef0", credentialLifetime.get());
        call.issuedAccessKeyId = session.accessKeyId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Code", "Success");
        body.put("LastUpdated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        body.put("Type", "AWS-HMAC");
        body.put("AccessKeyId", session.accessKeyId());
        body.put("SecretAccessKey", session.secretAccessKey());
        body.put("Token", session.sessionToken());
        body.put("Expiration", session.expiration().toString());
        return Reply.ok("text/plain", Json.write(body));
    }

    private static Reply error(int status, String text) {
        return Reply.error(status, "text/plain", text, String.valueOf(status));
    }
}
