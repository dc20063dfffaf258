package io.credagent.login;

import io.credagent.chain.CredentialChain;
import io.credagent.chain.Environment;
import io.credagent.chain.ProfileFiles;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.AccessDeniedException;
import software.amazon.awssdk.services.ssooidc.model.AuthorizationPendingException;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.services.ssooidc.model.ExpiredTokenException;
import software.amazon.awssdk.services.ssooidc.model.RegisterClientResponse;
import software.amazon.awssdk.services.ssooidc.model.SlowDownException;
import software.amazon.awssdk.services.ssooidc.model.SsoOidcException;
import software.amazon.awssdk.services.ssooidc.model.StartDeviceAuthorizationResponse;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * {@code login}, as {@code aws sso login}: IAM Identity Center's authorization-code flow with PKCE
 * and a loopback redirect (the CLI v2 default for sso-session profiles), or the device flow
 * ({@code --use-device-code}, and always for legacy profiles); a still-valid client registration is
 * reused; the token lands in the CLI's {@code ~/.aws/sso/cache}, where the CLI, the SDKs and
 * credagent's agent find it.
 */
public final class SsoLogin {

    /** The CLI's default scope for the authorization-code flow. */
    private static final List<String> DEFAULT_SCOPES = Collections.singletonList("sso:account:access");

    /** What the command line asked for. */
    public static final class Request {
        public String profile;
        public String ssoSession;
        public boolean useDeviceCode;
        public boolean noBrowser;
        /** How long to wait for the person in the browser. */
        public Duration timeout = Duration.ofMinutes(10);
    }

    private SsoLogin() {
    }

    /** Logs in; returns the CLI's success line. */
    public static String run(Request request, Environment env, PrintStream out) throws LoginException {
        ProfileFiles files = ProfileFiles.locate(env);
        if (files.homeDirectory() == null) {
            throw new LoginException("no home directory (HOME, user.home): nowhere to keep the SSO token",
                    LoginException.CONFIGURATION);
        }
        String profile = request.profile != null ? request.profile : CredentialChain.selectedProfileName(env);
        SsoSessionConfig session = SsoSessionConfig.resolve(files, profile, request.ssoSession);
        boolean authorizationCode = session.sessionName != null && !request.useDeviceCode;
        SsoCache cache = new SsoCache(files.homeDirectory());
        Browser browser = new Browser(!request.noBrowser, out, env.env("BROWSER"));
        try (SsoOidcClient oidc = SsoOidcClient.builder().region(Region.of(session.region))
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            List<String> scopes = authorizationCode && session.scopes == null ? DEFAULT_SCOPES : session.scopes;
            SsoCache.Registration registration = cache.registration(session, authorizationCode, Instant.now());
            if (registration == null) {
                registration = register(oidc, session, scopes, authorizationCode);
                cache.saveRegistration(session, registration, session.scopes, authorizationCode);
            }
            Instant before = Instant.now();
            CreateTokenResponse token = authorizationCode
                    ? new AuthorizationCodeFlow(oidc, session, registration, scopes, env, browser, request.timeout).run()
                    : deviceFlow(oidc, session, registration, browser, request.timeout);
            Integer expiresIn = token.expiresIn();
            cache.saveToken(session, token.accessToken(), before.plusSeconds(expiresIn == null ? 3600 : expiresIn),
                    registration, token.refreshToken());
        } catch (SsoOidcException e) {
            throw oidcFailure(e);
        } catch (IOException e) {
            throw new LoginException("cannot write the SSO token cache " + files.display(cache.tokenFile(session)) + ": " + e,
                    LoginException.FAILED);
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw new LoginException("cannot reach IAM Identity Center (SSO OIDC in " + session.region + "): "
                    + e.getMessage() + "; check network access, the proxy settings and AWS_ENDPOINT_URL_SSO_OIDC",
                    LoginException.FAILED);
        }
        return "Successfully logged into Start URL: " + session.startUrl;
    }

    private static SsoCache.Registration register(SsoOidcClient oidc, SsoSessionConfig session, List<String> scopes,
                                                  boolean authorizationCode) {
        String name = "credagent-client-" + (session.sessionName != null ? session.sessionName
                : String.valueOf(Instant.now().getEpochSecond()));
        RegisterClientResponse response = oidc.registerClient(r -> {
            r.clientName(name).clientType("public");
            if (scopes != null) {
                r.scopes(scopes);
            }
            if (authorizationCode) {
                r.grantTypes(Arrays.asList("authorization_code", "refresh_token"))
                        .redirectUris(Collections.singletonList(AuthorizationCodeFlow.REGISTERED_REDIRECT))
                        .issuerUrl(session.startUrl);
            }
        });
        return new SsoCache.Registration(response.clientId(), response.clientSecret(),
                Instant.ofEpochSecond(response.clientSecretExpiresAt()));
    }

    /** RegisterClient's client, StartDeviceAuthorization, then CreateToken every {@code interval} s until approved. */
    private static CreateTokenResponse deviceFlow(SsoOidcClient oidc, SsoSessionConfig session,
                                                  SsoCache.Registration client, Browser browser, Duration timeout)
            throws LoginException {
        StartDeviceAuthorizationResponse authorization = oidc.startDeviceAuthorization(r -> r
                .clientId(client.clientId).clientSecret(client.clientSecret).startUrl(session.startUrl));
        browser.showDeviceCode(authorization.verificationUri(), authorization.userCode(),
                authorization.verificationUriComplete());
        long interval = authorization.interval() == null ? 5 : Math.max(1, authorization.interval());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return oidc.createToken(r -> r.grantType("urn:ietf:params:oauth:grant-type:device_code")
                        .clientId(client.clientId).clientSecret(client.clientSecret).deviceCode(authorization.deviceCode()));
            } catch (AuthorizationPendingException e) {
                // the person has not answered yet
            } catch (SlowDownException e) {
                interval += 5; // as RFC 8628 and the CLI
            } catch (ExpiredTokenException e) {
                throw new LoginException("the device code expired before the login was approved in the browser;"
                        + " run login again", LoginException.FAILED);
            } catch (AccessDeniedException e) {
                throw new LoginException("the login was denied in the browser", LoginException.FAILED);
            }
            if (System.nanoTime() + interval * 1_000_000_000L > deadline) {
                throw new LoginException("the login was not approved in the browser within " + timeout.getSeconds()
                        + " s; run login again", LoginException.FAILED);
            }
            sleep(interval * 1000L);
        }
    }

    private static LoginException oidcFailure(SsoOidcException e) {
        String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
        String message = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : e.getMessage();
        return new LoginException("IAM Identity Center refused the login: " + (code != null ? code + ": " : "")
                + io.credagent.log.Mask.text(String.valueOf(message)) + "; check sso_start_url and sso_region",
                LoginException.FAILED);
    }

    static void sleep(long millis) throws LoginException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginException("interrupted", LoginException.FAILED);
        }
    }
}
