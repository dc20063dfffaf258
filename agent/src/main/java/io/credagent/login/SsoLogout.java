package io.credagent.login;

import io.credagent.chain.Environment;
import io.credagent.chain.ProfileFiles;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code logout}, as {@code aws sso logout}: signs each cached SSO access token out at the portal
 * (errors ignored), deletes the token files of {@code ~/.aws/sso/cache} (client registrations stay),
 * and the SSO role credentials ({@code "ProviderType": "sso"}) of {@code ~/.aws/cli/cache}.
 */
public final class SsoLogout {

    private SsoLogout() {
    }

    /** Returns the CLI's success line. */
    public static String run(Environment env) throws LoginException {
        String home = ProfileFiles.locate(env).homeDirectory();
        if (home == null) {
            throw new LoginException("no home directory (HOME, user.home)", LoginException.CONFIGURATION);
        }
        try {
            for (Map<String, String> token : new SsoCache(home).tokens()) {
                signOut(token.get("accessToken"), token.get("region"));
                Files.deleteIfExists(Paths.get(token.get("file")));
            }
            Path roles = Paths.get(home, ".aws", "cli", "cache");
            if (Files.isDirectory(roles)) {
                try (Stream<Path> files = Files.list(roles)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        Map<String, JsonNode> fields = file.toString().endsWith(".json") ? SsoCache.readObject(file) : null;
                        JsonNode type = fields == null ? null : fields.get("ProviderType");
                        if (type != null && type.isString() && type.asString().equals("sso")) {
                            Files.deleteIfExists(file);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new LoginException("cannot delete the cached SSO files: " + e, LoginException.FAILED);
        }
        return "Successfully signed out of all SSO profiles.";
    }

    private static void signOut(String accessToken, String region) {
        if (region == null) {
            return;
        }
        try (SsoClient sso = SsoClient.builder().region(Region.of(region))
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            sso.logout(r -> r.accessToken(accessToken));
        } catch (RuntimeException e) {
            // as the CLI: an expired or unknown token is signed out already
        }
    }
}
