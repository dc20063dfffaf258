package io.credagent.chain;

import io.credagent.credentials.CredentialException;

import io.credagent.config.AgentConfig;
import io.credagent.log.Mask;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Facts about the shared files and the selected profile that {@code doctor} turns into warnings:
 * where the files are, stray long-term keys, contradictory or cyclic {@code source_profile} chains,
 * and the SSO token the profile depends on. Reads files only; calls nothing.
 */
public final class ProfileInspection {

    private static final JsonNodeParser PARSER = JsonNodeParser.builder().removeErrorLocations(true).build();

    private final ProfileFiles files;
    private final Environment env;
    private final String selected;
    private final String selectedBy;
    private final ProfileFile parsed;
    private final CredentialException parseError;

    private ProfileInspection(ProfileFiles files, Environment env, String selected, String selectedBy) {
        this.files = files;
        this.env = env;
        this.selected = selected;
        this.selectedBy = selectedBy;
        ProfileFile file = null;
        CredentialException error = null;
        try {
            file = files.profileFile();
        } catch (CredentialException e) {
            error = e;
        }
        this.parsed = file;
        this.parseError = error;
    }

    public static ProfileInspection of(AgentConfig config, Environment env) {
        String name = config.profile() != null ? config.profile() : CredentialChain.selectedProfileName(env);
        String by = config.profile() != null ? "credagent option profile" : CredentialChain.selectedBy(env);
        return new ProfileInspection(ProfileFiles.locate(env), env, name, by);
    }

    public String selectedProfile() {
        return selected;
    }

    /** What selected it ({@code AWS_PROFILE}, ...), or null for the implicit {@code default}. */
    public String selectedBy() {
        return selectedBy;
    }

    /** The config and credentials files that exist. */
    public List<Path> existingFiles() {
        List<Path> existing = new ArrayList<>();
        for (Path file : new Path[] {files.configFile(), files.credentialsFile()}) {
            if (ProfileFiles.isReadable(file)) {
                existing.add(file);
            }
        }
        return existing;
    }

    /** {@code ~/.aws/credentials} */
    public String display(Path file) {
        return files.display(file);
    }

    /** The region credagent's own STS calls use for the selected profile ({@code optionRegion}: the {@code region} option). */
    public String stsRegion(String optionRegion) {
        Profile profile = parsed == null ? null : parsed.profile(selected).orElse(null);
        return StsRegion.choose(env, profile, optionRegion).region();
    }

    /** Null when the files parse. */
    public CredentialException parseError() {
        return parseError;
    }

    /**
     * Profiles holding long-term keys ({@code aws_access_key_id} without a session token) that the
     * selected profile does not use: {@code profile 'old' (AKIA...WXYZ)}.
     */
    public List<String> strayLongTermKeys() {
        List<String> stray = new ArrayList<>();
        if (parsed == null) {
            return stray;
        }
        Set<String> used = chainOfSelected();
        for (Profile profile : parsed.profiles().values()) {
            String keyId = profile.property(ProfileProperty.AWS_ACCESS_KEY_ID).orElse(null);
            if (keyId != null && !profile.property(ProfileProperty.AWS_SESSION_TOKEN).isPresent()
                    && !used.contains(profile.name())) {
                stray.add("profile '" + profile.name() + "' (" + Mask.accessKeyId(keyId) + ")");
            }
        }
        return stray;
    }

    /** The profiles in the selected one's {@code source_profile} chain that also set {@code credential_source}. */
    public List<String> sourceConflicts() {
        List<String> conflicts = new ArrayList<>();
        if (parsed == null) {
            return conflicts;
        }
        for (String name : chainOfSelected()) {
            Profile profile = parsed.profile(name).orElse(null);
            if (profile != null && profile.property(ProfileProperty.SOURCE_PROFILE).isPresent()
                    && profile.property(ProfileProperty.CREDENTIAL_SOURCE).isPresent()) {
                conflicts.add(name);
            }
        }
        return conflicts;
    }

    /** {@code a -> b -> a} when the selected profile's {@code source_profile} chain loops, else null. */
    public String sourceCycle() {
        if (parsed == null) {
            return null;
        }
        List<String> path = new ArrayList<>();
        Profile current = parsed.profile(selected).orElse(null);
        while (current != null && ProfileKind.isRole(current)) {
            String name = current.name();
            boolean seen = path.contains(name);
            path.add(name);
            if (seen) {
                return String.join(" -> ", path);
            }
            String source = current.property(ProfileProperty.SOURCE_PROFILE).orElse(null);
            Profile next = source == null ? null : parsed.profile(source).orElse(null);
            if (next != null && next.name().equals(name) && next.properties().containsKey(ProfileProperty.AWS_ACCESS_KEY_ID)) {
                return null; // a role on its own static keys, which the SDKs allow
            }
            current = next;
        }
        return null;
    }

    /** The SSO token the selected profile ends in, or null when it is no SSO profile. */
    public SsoToken ssoToken() {
        if (parsed == null) {
            return null;
        }
        Profile profile = parsed.profile(selected).orElse(null);
        if (profile == null) {
            return null;
        }
        Profile leaf = ProfileKind.leaf(parsed, profile);
        if (!ProfileKind.isSso(leaf)) {
            return null;
        }
        Path cache = ProfileKind.ssoTokenCacheFile(leaf, files.homeDirectory());
        return cache == null ? null : SsoToken.read(ProfileKind.describe(leaf), cache, files.display(cache));
    }

    private Set<String> chainOfSelected() {
        Set<String> chain = new LinkedHashSet<>();
        Profile current = parsed.profile(selected).orElse(null);
        while (current != null && chain.add(current.name())) {
            String source = current.property(ProfileProperty.SOURCE_PROFILE).orElse(null);
            current = source == null ? null : parsed.profile(source).orElse(null);
        }
        return chain;
    }

    /** What {@code aws sso login} left in the SSO token cache. */
    public static final class SsoToken {
        private final String session;
        private final String file;
        private final boolean exists;
        private final Instant expiresAt;
        private final boolean refreshable;

        private SsoToken(String session, String file, boolean exists, Instant expiresAt, boolean refreshable) {
            this.session = session;
            this.file = file;
            this.exists = exists;
            this.expiresAt = expiresAt;
            this.refreshable = refreshable;
        }

        static SsoToken read(String session, Path cache, String display) {
            if (!Files.isRegularFile(cache)) {
                return new SsoToken(session, display, false, null, false);
            }
            try {
                JsonNode document = PARSER.parse(new String(Files.readAllBytes(cache), StandardCharsets.UTF_8));
                Map<String, JsonNode> fields = document.asObject();
                Instant expiresAt = fields.containsKey("expiresAt")
                        ? Instant.parse(fields.get("expiresAt").asString()) : null;
                boolean refreshable = fields.containsKey("refreshToken") && fields.containsKey("clientId")
                        && fields.containsKey("clientSecret");
                return new SsoToken(session, display, true, expiresAt, refreshable);
            } catch (IOException | RuntimeException e) {
                return new SsoToken(session, display, true, null, false);
            }
        }

        /** {@code sso-session 'corp'} or {@code legacy SSO}. */
        public String session() {
            return session;
        }

        public String file() {
            return file;
        }

        public boolean exists() {
            return exists;
        }

        /** Null when unreadable. */
        public Instant expiresAt() {
            return expiresAt;
        }

        /** A refresh token and a client registration: the SDK renews the token without a person. */
        public boolean refreshable() {
            return refreshable;
        }
    }
}
