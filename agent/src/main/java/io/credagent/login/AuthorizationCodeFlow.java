package io.credagent.login;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.credagent.chain.Environment;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The authorization-code flow with PKCE (RFC 7636) as the AWS CLI runs it: a 64-character
 * verifier, its S256 challenge, a random state, the authorize page in the browser, and a listener
 * on 127.0.0.1 that takes the redirect back; then CreateToken with the code and the verifier. The
 * wait for the browser is bounded.
 */
final class AuthorizationCodeFlow {

    /** What the client registration names; the port of the actual listener is added per login. */
    static final String REGISTERED_REDIRECT = "http://127.0.0.1/oauth/callback";
    private static final String CALLBACK = "/oauth/callback";
    private static final String VERIFIER_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SsoOidcClient oidc;
    private final SsoSessionConfig session;
    private final SsoCache.Registration client;
    private final List<String> scopes;
    private final Environment env;
    private final Browser browser;
    private final Duration timeout;

    AuthorizationCodeFlow(SsoOidcClient oidc, SsoSessionConfig session, SsoCache.Registration client, List<String> scopes,
                          Environment env, Browser browser, Duration timeout) {
        this.oidc = oidc;
        this.session = session;
        this.client = client;
        this.scopes = scopes;
        this.env = env;
        this.browser = browser;
        this.timeout = timeout;
    }

    CreateTokenResponse run() throws LoginException {
        String verifier = verifier();
        String state = UUID.randomUUID().toString();
        CompletableFuture<Map<String, String>> answer = new CompletableFuture<>();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        } catch (IOException e) {
            throw new LoginException("cannot listen on 127.0.0.1 for the browser's answer (" + e.getMessage()
                    + "); run login again with --use-device-code", LoginException.FAILED);
        }
        server.createContext(CALLBACK, exchange -> callback(exchange, answer));
        server.start();
        try {
            String redirect = "http://127.0.0.1:" + server.getAddress().getPort() + CALLBACK;
            // RFC 3986 encoding (only -._~ left alone), as the CLI's percent_encode
            browser.showAuthorization(endpoint() + "/authorize?response_type=code&client_id="
                    + SdkHttpUtils.urlEncode(client.clientId) + "&redirect_uri=" + SdkHttpUtils.urlEncode(redirect)
                    + "&state=" + SdkHttpUtils.urlEncode(state) + "&code_challenge_method=S256"
                    + "&scopes=" + SdkHttpUtils.urlEncode(String.join(" ", scopes)) + "&code_challenge=" + challenge(verifier));
            Map<String, String> result = await(answer, redirect);
            if (result.containsKey("error")) {
                throw new LoginException("the login was denied in the browser (" + result.get("error") + ")",
                        LoginException.FAILED);
            }
            if (!state.equals(result.get("state"))) {
                throw new LoginException("the browser's answer does not belong to this login (state mismatch);"
                        + " run login again", LoginException.FAILED);
            }
            return oidc.createToken(r -> r.grantType("authorization_code").clientId(client.clientId)
                    .clientSecret(client.clientSecret).redirectUri(redirect).codeVerifier(verifier).code(result.get("code")));
        } finally {
            server.stop(1); // lets a page still being sent finish
        }
    }

    private Map<String, String> await(CompletableFuture<Map<String, String>> answer, String redirect) throws LoginException {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new LoginException("no answer from the browser within " + timeout.getSeconds() + " s (the login page"
                    + " was not completed, or could not reach " + redirect + "); run login again, or with --use-device-code",
                    LoginException.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginException("interrupted", LoginException.FAILED);
        } catch (ExecutionException e) {
            throw new LoginException("the browser's answer could not be read: " + e.getCause(), LoginException.FAILED);
        }
    }

    /** Takes the first redirect that carries a code and state, or an error; answers with a page for the person. */
    private static void callback(HttpExchange exchange, CompletableFuture<Map<String, String>> answer) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        boolean complete = query.containsKey("error") || (query.containsKey("code") && query.containsKey("state"));
        String page = "<!DOCTYPE html><html><head><title>credagent</title></head><body><p>"
                + (query.containsKey("error") ? "The login failed: " + escape(query.get("error")) + ". You can close this tab."
                : complete ? "Your credentials have been shared with credagent. You can now close this tab."
                : "This page only takes the answer of an IAM Identity Center login.") + "</p></body></html>";
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(complete ? 200 : 400, body.length);
            out.write(body);
        } finally {
            if (complete) {
                answer.complete(query); // after the page went out: the listener stops once the answer is in
            }
        }
    }

    private String endpoint() {
        String configured = env.setting("aws.endpointUrlSsoOidc", "AWS_ENDPOINT_URL_SSO_OIDC");
        if (configured == null) {
            configured = env.setting("aws.endpointUrl", "AWS_ENDPOINT_URL");
        }
        String base = configured != null ? configured : "https://oidc." + session.region + ".amazonaws.com";
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    static String verifier() {
        StringBuilder verifier = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            verifier.append(VERIFIER_ALPHABET.charAt(RANDOM.nextInt(VERIFIER_ALPHABET.length())));
        }
        return verifier.toString();
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    /** The first value of each query parameter, decoded. */
    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        for (Map.Entry<String, List<String>> parameter : SdkHttpUtils.uriParams(uri).entrySet()) {
            if (!parameter.getValue().isEmpty() && parameter.getValue().get(0) != null) {
                query.put(parameter.getKey(), parameter.getValue().get(0));
            }
        }
        return query;
    }

    /** Text for credagent's loopback pages (this one and the MFA code page). */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
