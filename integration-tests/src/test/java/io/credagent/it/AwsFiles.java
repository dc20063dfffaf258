package io.credagent.it;

import io.credagent.fake.SsoCacheFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A HOME directory for a child JVM, with writers for ~/.aws/config, ~/.aws/credentials and the SSO
 * token cache. Sections are appended in call order, so a test reads like the file it produces:
 *
 * <pre>
 * AwsFiles files = new AwsFiles(tempDir)
 *         .profile("dev", "region", "us-east-1", "sso_session", "corp", "sso_account_id", "111122223333",
 *                  "sso_role_name", "Dev")
 *         .ssoSession("corp", "sso_start_url", "https://corp.awsapps.com/start", "sso_region", "us-east-1");
 * </pre>
 */
public final class AwsFiles {
    private final Path home;

    /** Uses {@code home} (e.g. a JUnit @TempDir) as the HOME; creates {@code home/.aws}. */
    public AwsFiles(Path home) {
        this.home = home;
        try {
            Files.createDirectories(home.resolve(".aws"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path home() {
        return home;
    }

    public Path configFile() {
        return home.resolve(".aws").resolve("config");
    }

    public Path credentialsFile() {
        return home.resolve(".aws").resolve("credentials");
    }

    /**
     * Appends a profile to ~/.aws/config: {@code [default]} for "default", else {@code [profile NAME]}.
     *
     * @param keyValues alternating property names and values
     */
    public AwsFiles profile(String name, String... keyValues) {
        String title = "default".equals(name) ? "[default]" : "[profile " + name + "]";
        return appendSection(configFile(), title, keyValues);
    }

    /** Appends {@code [sso-session NAME]} to ~/.aws/config. */
    public AwsFiles ssoSession(String name, String... keyValues) {
        return appendSection(configFile(), "[sso-session " + name + "]", keyValues);
    }

    /** Appends {@code [NAME]} to ~/.aws/credentials. */
    public AwsFiles credentialsProfile(String name, String... keyValues) {
        return appendSection(credentialsFile(), "[" + name + "]", keyValues);
    }

    /** Appends raw text to ~/.aws/config, for the odd layouts the helpers don't cover. */
    public AwsFiles config(String text) {
        return append(configFile(), text);
    }

    /** Appends raw text to ~/.aws/credentials. */
    public AwsFiles credentials(String text) {
        return append(credentialsFile(), text);
    }

    /**
     * Writes ~/.aws/sso/cache/&lt;sha1&gt;.json.
     *
     * @param sessionNameOrStartUrl the sso-session name for sso_session profiles, or the
     *                              sso_start_url for legacy SSO profiles (that is what the file is named after)
     */
    public Path ssoCache(String sessionNameOrStartUrl, SsoCacheFiles.Token token) {
        try {
            return SsoCacheFiles.write(home, sessionNameOrStartUrl, token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a cache entry back, e.g. to see whether a refreshed token was persisted. */
    public SsoCacheFiles.Token readSsoCache(String sessionNameOrStartUrl) {
        try {
            return SsoCacheFiles.read(SsoCacheFiles.path(home, sessionNameOrStartUrl));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AwsFiles appendSection(Path file, String title, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keyValues must alternate names and values");
        }
        StringBuilder section = new StringBuilder(title).append('\n');
        for (int i = 0; i < keyValues.length; i += 2) {
            section.append(keyValues[i]).append(" = ").append(keyValues[i + 1]).append('\n');
        }
        return append(file, section.append('\n').toString());
    }

    private AwsFiles append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
