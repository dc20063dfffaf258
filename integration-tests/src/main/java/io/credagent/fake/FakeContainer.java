package io.credagent.fake;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The container credentials endpoint: ECS task roles (AWS_CONTAINER_CREDENTIALS_FULL_URI or
 * _RELATIVE_URI) and EKS Pod Identity (FULL_URI plus AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE]).
 * Without a role configured, 404.
 */
final class FakeContainer {
    static final String PATH = "/container/credentials";

    private record Config(String roleArn, String requiredAuthorization) {
    }

    private final Principals principals;
    private final Supplier<Duration> credentialLifetime;
    private volatile Config config;

    FakeContainer(Principals principals, Supplier<Duration> credentialLifetime) {
        this.principals = principals;
        this.credentialLifetime = credentialLifetime;
    }

    /** @param requiredAuthorization exact Authorization header value to demand, or null for none. */
    void role(String roleArn, String requiredAuthorization) {
        if (roleArn != null && !Arns.isRoleArn(roleArn)) {
            throw new IllegalArgumentException("not an IAM role ARN: " + roleArn);
        }
        this.config = roleArn == null ? null : new Config(roleArn, requiredAuthorization);
        if (requiredAuthorization != null) {
            principals.rememberSecret(requiredAuthorization);
        }
    }

    Reply handle(HttpCall call) {
        call.action = "GetCredentials";
        Config c = config;
        if (c == null) {
            return Reply.notFound();
        }
        if (!"GET".equals(call.method)) {
            return Reply.error(405, "text/plain", "Method Not Allowed", "405");
        }
        if (c.requiredAuthorization() != null && !c.requiredAuthorization().equals(call.header("Authorization"))) {
            return Reply.error(401, "application/json",
                    Json.write(Map.of("code", "AccessDeniedException", "message", "Authorization token is invalid")),
                    "AccessDenied");
        }
        // Fresh keys on every read, for the same reason as FakeImds.
        Principal session = principals.issueRoleSession(c.roleArn(), "container-task", credentialLifetime.get());
        call.issuedAccessKeyId = session.accessKeyId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("AccessKeyId", session.accessKeyId());
        body.put("SecretAccessKey", session.secretAccessKey());
        body.put("Token", session.sessionToken());
        body.put("Expiration", session.expiration().toString());
        body.put("RoleArn", c.roleArn());
        body.put("AccountId", session.account());
        return Reply.ok("application/json", Json.write(body));
    }
}
