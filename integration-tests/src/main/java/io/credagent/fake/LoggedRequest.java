package io.credagent.fake;

import java.time.Instant;
import java.util.Map;

/**
 * One request the fake answered.
 *
 * @param service            sts, sso, sso-oidc, imds, container, or unknown
 * @param action             e.g. AssumeRole, GetRoleCredentials, CreateToken, GetCredentials; null if unreadable
 * @param signingAccessKeyId the access key id in the SigV4 Authorization header (STS only), else null
 * @param callerArn          the principal that key belongs to, if the fake knows it, else null
 * @param issuedAccessKeyId  the access key id this request handed out, if it issued credentials
 * @param status             HTTP status sent
 * @param outcome            "OK" or the error code sent (e.g. ExpiredToken, SignatureDoesNotMatch)
 * @param details            action parameters worth asserting on (RoleArn, RoleSessionName, ExternalId, ...)
 */
public record LoggedRequest(Instant at, String service, String action, String signingAccessKeyId,
                            String callerArn, String issuedAccessKeyId, int status, String outcome,
                            Map<String, String> details) {

    public boolean ok() {
        return "OK".equals(outcome);
    }
}
